/// The counter a desk serves: its region's policy profile, its place (region code) and its name on the notices.
public struct CounterInfo: Hashable, Sendable {
    public var region: String
    public var place: String
    public var name: String

    public init(region: String, place: String, name: String) {
        self.region = region
        self.place = place
        self.name = name
    }
}
