from kubefollow.cli import main

main()
