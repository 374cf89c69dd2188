from chrono.cli import main

main()
