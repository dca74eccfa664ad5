// Package dbtrace counts the database round trips made on behalf of one
// request, so tests can prove a page's query count does not grow with the
// data and the benchmark can report it.
//
// The counter travels in the context: code that wants counting wraps its
// context with WithCounter, and Tracer, installed on every pool connection,
// adds to whatever counter the query's context carries. A context without
// one costs a map lookup and nothing else.
package dbtrace

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// Counter counts queries. It is safe for concurrent use.
type Counter struct{ n atomic.Int64 }

// Count returns the number of queries counted so far.
func (c *Counter) Count() int64 { return c.n.Load() }

type counterKey struct{}

// WithCounter returns a context that counts the queries run with it, and
// the counter.
func WithCounter(ctx context.Context) (context.Context, *Counter) {
	c := &Counter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

// CounterOf returns the context's counter, or nil.
func CounterOf(ctx context.Context) *Counter {
	c, _ := ctx.Value(counterKey{}).(*Counter)
	return c
}

// Tracer is a pgx tracer that counts each query, each query of a batch and
// each COPY as one.
type Tracer struct{}

var (
	_ pgx.QueryTracer    = Tracer{}
	_ pgx.BatchTracer    = Tracer{}
	_ pgx.CopyFromTracer = Tracer{}
)

func count(ctx context.Context) {
	if c := CounterOf(ctx); c != nil {
		c.n.Add(1)
	}
}

// TraceQueryStart counts a query.
func (Tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	count(ctx)
	return ctx
}

// TraceQueryEnd does nothing.
func (Tracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TraceBatchStart does nothing; the batch's queries are counted one by one.
func (Tracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

// TraceBatchQuery counts one query of a batch.
func (Tracer) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchQueryData) {
	count(ctx)
}

// TraceBatchEnd does nothing.
func (Tracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// TraceCopyFromStart counts a COPY.
func (Tracer) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromStartData) context.Context {
	count(ctx)
	return ctx
}

// TraceCopyFromEnd does nothing.
func (Tracer) TraceCopyFromEnd(context.Context, *pgx.Conn, pgx.TraceCopyFromEndData) {}
