package keystore

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"text/tabwriter"
	"time"

	"github.com/causeway/causeway/crypto"
)

// CLI carries out the `causeway keys` commands; the command only parses
// flags into it. Results go to Out, as text or, with JSON, as one JSON
// value for scripts.
type CLI struct {
	// Dir is the key store directory; "" means DefaultDir.
	Dir string
	// Passphrases is where passphrases come from.
	Passphrases Passphrases
	// Out receives the results.
	Out io.Writer
	// JSON selects JSON output (-o json).
	JSON bool
	// Options are passed to Open (tests use WithScrypt).
	Options []Option
}

func (c *CLI) open() (*Dir, error) { return Open(c.Dir, c.Options...) }

// New generates a key of the named scheme ("ed25519", "ecdsa", "sm2")
// under name, asking for its passphrase twice on a terminal, and prints
// its name, scheme, public key and file.
func (c *CLI) New(name, scheme string) error {
	s, err := crypto.ParseScheme(scheme)
	if err != nil {
		return err
	}
	d, err := c.open()
	if err != nil {
		return err
	}
	if err := d.precheck(name, []byte{1}); err != nil {
		return err // before asking for a passphrase
	}
	pass, err := c.Passphrases.Read(fmt.Sprintf("Passphrase for new key %q: ", name), true)
	if err != nil {
		return err
	}
	defer clear(pass)
	info, err := d.New(name, s, pass)
	if err != nil {
		return err
	}
	if c.JSON {
		return c.writeJSON(info)
	}
	_, err = fmt.Fprintf(c.Out, "created key %s\n  scheme:     %s\n  public key: %s\n  file:       %s\n",
		info.Name, crypto.SchemeName(info.Scheme), hex.EncodeToString(info.PublicKey), info.Path)
	return err
}

// List prints the keys of the store: a table, or a JSON array of KeyInfo.
// Unreadable key files are reported in the returned error after the
// readable keys are printed.
func (c *CLI) List() error {
	d, err := c.open()
	if err != nil {
		return err
	}
	infos, listErr := d.List()
	if infos == nil {
		return listErr
	}
	if c.JSON {
		if err := c.writeJSON(infos); err != nil {
			return err
		}
		return listErr
	}
	if len(infos) == 0 {
		if _, err := fmt.Fprintf(c.Out, "no keys in %s\n", d.Path()); err != nil {
			return err
		}
		return listErr
	}
	tw := tabwriter.NewWriter(c.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSCHEME\tPUBLIC KEY\tCREATED")
	for _, ki := range infos {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ki.Name, crypto.SchemeName(ki.Scheme), hex.EncodeToString(ki.PublicKey), ki.Created.Format(time.RFC3339))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return listErr
}

// Export asks for the passphrase of name and writes the key unencrypted as
// PKCS#8 PEM: to Out if outPath is "", else to a new file outPath with
// mode 0600 (an existing file is not overwritten).
func (c *CLI) Export(name, outPath string) error {
	d, err := c.open()
	if err != nil {
		return err
	}
	if _, err := d.read(name); err != nil {
		return err // before asking for a passphrase
	}
	pass, err := c.Passphrases.Read(fmt.Sprintf("Passphrase for key %q: ", name), false)
	if err != nil {
		return err
	}
	defer clear(pass)
	pem, err := d.Export(name, pass)
	if err != nil {
		return err
	}
	defer clear(pem)
	if outPath == "" {
		if c.JSON {
			return c.writeJSON(map[string]string{"name": name, "pem": string(pem)})
		}
		_, err = c.Out.Write(pem)
		return err
	}
	if err := writeNew(outPath, pem); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("export key %q: %s already exists", name, outPath)
		}
		return fmt.Errorf("export key %q: %w", name, err)
	}
	if c.JSON {
		return c.writeJSON(map[string]string{"name": name, "file": outPath})
	}
	_, err = fmt.Fprintf(c.Out, "wrote the unencrypted private key %q to %s (mode 0600)\n", name, outPath)
	return err
}

func (c *CLI) writeJSON(v any) error {
	enc := json.NewEncoder(c.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
