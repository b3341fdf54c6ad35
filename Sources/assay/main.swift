import AssayCLI
#if canImport(Glibc)
import Glibc
#endif

exit(AssayCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
