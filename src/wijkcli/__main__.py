from wijkcli.cli import main

main()
