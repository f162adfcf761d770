package keystore

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"
)

// EnvPassphrase is the environment variable Passphrases reads when no
// passphrase file is given.
const EnvPassphrase = "CAUSEWAY_PASSPHRASE"

// Errors of passphrase reading; test with errors.Is.
var (
	// ErrNoPassphrase: no passphrase file, no environment variable, and
	// standard input is not a terminal to ask on.
	ErrNoPassphrase = errors.New("no passphrase available")
	// ErrPassphraseMismatch: the passphrase and its confirmation differ.
	ErrPassphraseMismatch = errors.New("passphrases do not match")
)

// Passphrases says where the keys commands get a passphrase from, in this
// order: File if set; else the environment variable Env (EnvPassphrase if
// empty) if it is set; else Prompt. Scripts and tests use File or the
// environment; people get a terminal prompt.
type Passphrases struct {
	// File is a file holding the passphrase (--passphrase-file). One
	// trailing newline ("\n" or "\r\n") is removed; nothing else is.
	File string
	// Env names the environment variable; "" means EnvPassphrase.
	Env string
	// LookupEnv reads the environment; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// Prompt asks a person for a passphrase, without echo; nil means
	// TerminalPrompt.
	Prompt func(prompt string) ([]byte, error)
}

// Read returns a passphrase. With confirm (a new key), a prompted
// passphrase is asked twice and must match; passphrases from a file or the
// environment are taken as they are. An empty passphrase gives
// ErrEmptyPassphrase.
func (p Passphrases) Read(prompt string, confirm bool) ([]byte, error) {
	if p.File != "" {
		b, err := os.ReadFile(p.File)
		if err != nil {
			return nil, fmt.Errorf("passphrase file: %w", err)
		}
		b = bytes.TrimSuffix(b, []byte("\n"))
		b = bytes.TrimSuffix(b, []byte("\r"))
		if len(b) == 0 {
			return nil, fmt.Errorf("passphrase file %s: %w", p.File, ErrEmptyPassphrase)
		}
		return b, nil
	}
	env, lookup := p.Env, p.LookupEnv
	if env == "" {
		env = EnvPassphrase
	}
	if lookup == nil {
		lookup = os.LookupEnv
	}
	if v, ok := lookup(env); ok {
		if v == "" {
			return nil, fmt.Errorf("$%s: %w", env, ErrEmptyPassphrase)
		}
		return []byte(v), nil
	}
	ask := p.Prompt
	if ask == nil {
		ask = TerminalPrompt
	}
	pass, err := ask(prompt)
	if err != nil {
		return nil, err
	}
	if len(pass) == 0 {
		return nil, ErrEmptyPassphrase
	}
	if confirm {
		again, err := ask("Repeat " + prompt)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(pass, again) {
			return nil, ErrPassphraseMismatch
		}
	}
	return pass, nil
}

// TerminalPrompt writes prompt to standard error and reads a line from
// the terminal on standard input without echoing it. If standard input is
// not a terminal it returns ErrNoPassphrase, naming the alternatives.
func TerminalPrompt(prompt string) ([]byte, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return nil, fmt.Errorf("%w: standard input is not a terminal; use --passphrase-file or $%s", ErrNoPassphrase, EnvPassphrase)
	}
	fmt.Fprint(os.Stderr, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return nil, fmt.Errorf("read passphrase: %w", err)
	}
	return b, nil
}
