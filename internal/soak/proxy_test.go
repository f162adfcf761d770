package soak

import (
	"bufio"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// echoServer answers each line with the same line.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = io.Copy(c, c) }()
		}
	}()
	return ln.Addr().String()
}

// roundTrip sends a line and waits up to d for its echo.
func roundTrip(c net.Conn, r *bufio.Reader, d time.Duration) error {
	_ = c.SetDeadline(time.Now().Add(d))
	defer c.SetDeadline(time.Time{})
	if _, err := c.Write([]byte("ping\n")); err != nil {
		return err
	}
	line, err := r.ReadString('\n')
	if err != nil {
		return err
	}
	if line != "ping\n" {
		return errors.New("echo garbled: " + line)
	}
	return nil
}

// A Link forwards while up; refused resets the open connection and new
// ones; stalled keeps connections open but silent, and the held bytes go
// through once healed.
func TestLinkStates(t *testing.T) {
	lk, err := NewLink(1, 2, echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(lk.Close)
	dial := func() (net.Conn, *bufio.Reader) {
		t.Helper()
		c, err := net.Dial("tcp", lk.Addr())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c, bufio.NewReader(c)
	}
	c, r := dial()
	if err := roundTrip(c, r, 2*time.Second); err != nil {
		t.Fatalf("up: %v", err)
	}

	lk.Set(Refused)
	if err := roundTrip(c, r, 2*time.Second); err == nil {
		t.Fatal("refused: the open connection still carries bytes")
	}
	// A new connection is accepted by the listener, then reset (the dial
	// itself may see the reset).
	if c2, err := net.Dial("tcp", lk.Addr()); err == nil {
		if err := roundTrip(c2, bufio.NewReader(c2), 2*time.Second); err == nil {
			t.Fatal("refused: a new connection carries bytes")
		}
		c2.Close()
	}

	lk.Set(Up)
	c3, r3 := dial()
	if err := roundTrip(c3, r3, 2*time.Second); err != nil {
		t.Fatalf("up again: %v", err)
	}

	lk.Set(Stalled)
	var ne net.Error
	if err := roundTrip(c3, r3, 300*time.Millisecond); !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("stalled: want a timeout on the open connection, got %v", err)
	}
	c4, r4 := dial()
	if err := roundTrip(c4, r4, 300*time.Millisecond); !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("stalled: want a timeout on a new connection, got %v", err)
	}
	lk.Set(Up)
	// Each connection's held "ping" comes through, then a new one.
	for i, cr := range []struct {
		c net.Conn
		r *bufio.Reader
	}{{c3, r3}, {c4, r4}} {
		_ = cr.c.SetDeadline(time.Now().Add(2 * time.Second))
		if line, err := cr.r.ReadString('\n'); err != nil || line != "ping\n" {
			t.Fatalf("healed: connection %d: held bytes %q, %v", i, line, err)
		}
		if err := roundTrip(cr.c, cr.r, 2*time.Second); err != nil {
			t.Fatalf("healed: connection %d: %v", i, err)
		}
	}
}
