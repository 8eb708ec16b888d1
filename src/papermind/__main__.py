from papermind.cli import main

main()
