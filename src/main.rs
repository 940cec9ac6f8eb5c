fn main() -> std::process::ExitCode {
    fournil::cli::main()
}
