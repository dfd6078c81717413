from kubefollow.cli.commands import main

main()
