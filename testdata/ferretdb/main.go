// Command ferretdb runs an embedded FerretDB, a MongoDB wire-protocol
// server that keeps its data in SQLite files, for the tests of generated
// MongoDB projects.
//
// It listens on a free port of 127.0.0.1, prints its MongoDB URI as the
// first line of standard output once it accepts connections, and runs until
// its standard input closes or it receives SIGINT or SIGTERM. Tying its life
// to standard input means it stops with the test process that started it,
// however that process ends.
//
// MongoDB applies each single-document write atomically; FerretDB v1 does
// not (an update reads the matching documents and writes them back in a
// separate step, so two conditional updates of one document can both
// match). Clients therefore reach FerretDB through a proxy that passes one
// command at a time, which restores the atomicity the generated code relies
// on. Tests are small, so the lost concurrency does not matter.
//
// It is its own module so that the generator's go.mod stays free of
// FerretDB's dependencies.
package main

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	dir := flag.String("dir", "", "directory of the SQLite files (required)")
	addr := flag.String("listen", "127.0.0.1:0", "TCP address to listen on")
	flag.Parse()
	if *dir == "" {
		return errors.New("-dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/",
	})
	if err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()
	// MongoDBURI waits until FerretDB listens.
	upstream := strings.TrimSuffix(strings.TrimPrefix(f.MongoDBURI(), "mongodb://"), "/")

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	fmt.Printf("mongodb://%s/\n", ln.Addr())

	var one sync.Mutex // held while a command is with FerretDB
	for {
		conn, err := ln.Accept()
		if err != nil {
			break // closed at shutdown
		}
		go proxy(conn, upstream, &one)
	}
	<-done
	return nil
}

// proxy relays the messages of one client connection to FerretDB, holding
// one from the moment a request is sent until its reply has arrived.
func proxy(client net.Conn, upstream string, one *sync.Mutex) {
	defer client.Close()
	server, err := net.Dial("tcp", upstream)
	if err != nil {
		return
	}
	defer server.Close()
	for {
		req, err := readMessage(client)
		if err != nil {
			return
		}
		one.Lock()
		reply, err := roundTrip(server, req)
		one.Unlock()
		if err != nil {
			return
		}
		if _, err := client.Write(reply); err != nil {
			return
		}
	}
}

// roundTrip sends req and reads its reply, if it has one: a request whose
// moreToCome flag is set (an unacknowledged write) has none.
func roundTrip(server net.Conn, req []byte) ([]byte, error) {
	if _, err := server.Write(req); err != nil {
		return nil, err
	}
	if moreToCome(req) {
		return nil, nil
	}
	return readMessage(server)
}

// opMsg is the opcode of OP_MSG, the message of every command since
// MongoDB 3.6; moreToComeBit is its flag for "no reply follows".
const (
	opMsg         = 2013
	moreToComeBit = 1 << 1
)

// moreToCome reports whether msg is an OP_MSG with the moreToCome flag.
func moreToCome(msg []byte) bool {
	if len(msg) < 20 {
		return false
	}
	opcode := binary.LittleEndian.Uint32(msg[12:16])
	flags := binary.LittleEndian.Uint32(msg[16:20])
	return opcode == opMsg && flags&moreToComeBit != 0
}

// readMessage reads one wire-protocol message: a little-endian int32
// length, itself included, and the rest.
func readMessage(r io.Reader) ([]byte, error) {
	var header [4]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint32(header[:])
	if n < 16 || n > 48<<20 {
		return nil, fmt.Errorf("message of %d bytes", n)
	}
	msg := make([]byte, n)
	copy(msg, header[:])
	_, err := io.ReadFull(r, msg[4:])
	return msg, err
}
