import DLEnvCLI

#if canImport(Glibc)
    import Glibc
#endif

exit(DLEnvMain.run(Array(CommandLine.arguments.dropFirst())))
