from papermind.launch import main

main()
