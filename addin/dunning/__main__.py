from dunning.cli import main

main()
