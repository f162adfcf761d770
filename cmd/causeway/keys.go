package main

import (
	"github.com/spf13/cobra"

	"github.com/causeway/causeway/crypto/keystore"
)

// keysFlags are the flags shared by the keys subcommands.
type keysFlags struct {
	dir            string
	passphraseFile string
	output         string
}

func (f *keysFlags) register(c *cobra.Command, withOutput bool) {
	c.Flags().StringVar(&f.dir, "dir", "", "key store directory (default ~/.causeway/keys)")
	c.Flags().StringVar(&f.passphraseFile, "passphrase-file", "", "read the passphrase from this file (else $"+keystore.EnvPassphrase+", else the terminal)")
	if withOutput {
		c.Flags().StringVarP(&f.output, "output", "o", "text", "output format: text or json")
	}
}

func (f *keysFlags) cli(c *cobra.Command) *keystore.CLI {
	return &keystore.CLI{
		Dir:         f.dir,
		Passphrases: keystore.Passphrases{File: f.passphraseFile},
		Out:         c.OutOrStdout(),
		JSON:        f.output == "json",
	}
}

func keysCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage private keys encrypted at rest with a passphrase",
	}

	var nf keysFlags
	var scheme string
	newCmd := &cobra.Command{
		Use:   "new NAME",
		Short: "Generate a key and store it encrypted",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return nf.cli(c).New(args[0], scheme)
		},
	}
	nf.register(newCmd, true)
	newCmd.Flags().StringVar(&scheme, "scheme", "ed25519", "signature scheme: ed25519, ecdsa or sm2")

	var lf keysFlags
	listCmd := &cobra.Command{
		Use:   "list",
		Short: "List the stored keys (no passphrase needed)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return lf.cli(c).List()
		},
	}
	lf.register(listCmd, true)

	var ef keysFlags
	var out string
	exportCmd := &cobra.Command{
		Use:   "export NAME",
		Short: "Write a key unencrypted as PKCS#8 PEM (asks for its passphrase)",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return ef.cli(c).Export(args[0], out)
		},
	}
	ef.register(exportCmd, true)
	exportCmd.Flags().StringVar(&out, "out", "", "write to this new file (mode 0600) instead of standard output")

	cmd.AddCommand(newCmd, listCmd, exportCmd, newEncryptionKeyCmd())
	return cmd
}
