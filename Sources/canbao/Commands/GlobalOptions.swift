import ArgumentParser

/// Options shared by every command that reads Forms/ or the store.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Forms/ 目录（默认：$CANBAO_FORMS，否则 ./Forms，否则构建时的 Forms/）")
    var forms: String?

    @Option(name: .long, help: "数据目录（默认：$CANBAO_HOME，否则 $XDG_DATA_HOME/canbao 或 ~/.local/share/canbao）")
    var home: String?

    @Option(name: .long, help: ArgumentHelp(
        "PostgreSQL 数据库（默认 $CANBAO_DATABASE_URL；都未设置时用数据目录中的 SQLite）；密码取自 $PGPASSWORD 或 0600 的 ~/.pgpass，不得写在地址中",
        valueName: "postgres://用户@主机:端口/库名"))
    var database: String?
}
