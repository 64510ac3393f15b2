import ArgumentParser

/// Options shared by every command that reads Forms/ or the store.
public struct GlobalOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: "Forms/ 目录（默认：$CANBAO_FORMS，否则 ./Forms，否则构建时的 Forms/）")
    public var forms: String?

    @Option(name: .long, help: "数据目录（默认：$CANBAO_HOME，否则 $XDG_DATA_HOME/canbao 或 ~/.local/share/canbao）")
    public var home: String?
}
