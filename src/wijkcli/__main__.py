from wijkcli.cli.app import main

main()
