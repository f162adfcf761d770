package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

func blockCmd() *cobra.Command {
	c := &cobra.Command{Use: "block", Short: "Query and follow blocks"}
	var f clientFlags
	get := &cobra.Command{
		Use:   "get HEIGHT|HASH",
		Short: "Show a block by height or hash",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			var b *apipb.BlockResponse
			if h, perr := strconv.ParseUint(args[0], 10, 64); perr == nil {
				b, err = cl.GetBlock(ctx, h)
			} else {
				hash, herr := types.ParseHash(args[0])
				if herr != nil {
					return fmt.Errorf("want a height or a block hash: %v", herr)
				}
				b, err = cl.GetBlockByHash(ctx, hash)
			}
			if err != nil {
				return err
			}
			if f.json() {
				printProto(b)
				return nil
			}
			printBlock(b)
			return nil
		},
	}
	f.register(get)
	var ff clientFlags
	var (
		from  uint64
		count int
	)
	follow := &cobra.Command{
		Use:   "follow",
		Short: "Print blocks as they commit (from --from), until interrupted or --count blocks",
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			cl, _, _, err := ff.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			blocks, errs := cl.SubscribeBlocks(ctx, from)
			for {
				select {
				case b, ok := <-blocks:
					if !ok {
						return nil
					}
					if ff.json() {
						printProtoLine(b) // NDJSON, as GET /v1/blocks:stream
					} else {
						printBlock(b)
					}
					if count--; count == 0 {
						return nil
					}
				case err := <-errs:
					if ctx.Err() != nil {
						return nil
					}
					return err
				}
			}
		},
	}
	ff.register(follow)
	follow.Flags().Uint64Var(&from, "from", 0, "first height (default: the next block)")
	follow.Flags().IntVar(&count, "count", 0, "stop after this many blocks (0: until interrupted)")
	c.AddCommand(get, follow)
	return c
}

func printBlock(b *apipb.BlockResponse) {
	h := b.Block.GetHeader()
	fmt.Printf("block %d %s  time %s  txs %d  signatures %d\n", h.GetHeight(), b.Hash,
		time.UnixMilli(h.GetTimeMs()).UTC().Format(time.RFC3339Nano), len(b.Block.GetTxs()), len(b.Block.GetSignatures()))
}
