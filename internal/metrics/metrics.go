// Package metrics is what the portal tells operators about itself: Prometheus
// metrics and Go's pprof profiles, served on a listener of their own
// (METRICS_ADDR) and never on the public address.
//
// A nil *Metrics is valid and records nothing, so code that counts needs no
// check for whether metrics are on.
package metrics

import (
	"context"
	"net/http"
	"net/http/pprof"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"modellportalen/internal/pagecache"
)

// Metrics holds the portal's collectors in a registry of its own, so tests
// can make as many as they like and nothing leaks into the global one.
type Metrics struct {
	Registry *prometheus.Registry

	requests       *prometheus.HistogramVec
	inFlight       prometheus.Gauge
	signInFailures prometheus.Counter
	signInLocks    prometheus.Counter
	mailFailures   prometheus.Counter
}

// New returns metrics with the Go runtime's and the process's collectors
// already registered.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "portal_http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by chi route pattern and status class (2xx, 3xx, 4xx, 5xx).",
			// From a cached page (well under a millisecond) to a slow render.
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "portal_http_requests_in_flight",
			Help: "HTTP requests being handled now.",
		}),
		signInFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "portal_signin_failures_total",
			Help: "Sign-ins refused for a wrong address or password.",
		}),
		signInLocks: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "portal_signin_locked_total",
			Help: "Sign-ins refused because the account or address had failed too often.",
		}),
		mailFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "portal_mail_send_failures_total",
			Help: "Attempts to deliver a message from the outbox that failed.",
		}),
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.inFlight, m.signInFailures, m.signInLocks, m.mailFailures,
	)
	return m
}

// Handler serves the metrics at /metrics and the pprof profiles under
// /debug/pprof/.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// Middleware times each request and counts those in flight. It labels a
// request by the pattern chi matched (/omgangar/{slug}), never by its path,
// so the number of series stays bounded whatever is requested.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil {
			if p := rc.RoutePattern(); p != "" {
				route = p
			}
		}
		m.requests.WithLabelValues(route, statusClass(sw.status)).Observe(time.Since(start).Seconds())
	})
}

func statusClass(status int) string {
	if status == 0 {
		status = http.StatusOK
	}
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// SignInFailed counts a sign-in refused for wrong credentials.
func (m *Metrics) SignInFailed() {
	if m != nil {
		m.signInFailures.Inc()
	}
}

// SignInLocked counts a sign-in refused because of too many failures.
func (m *Metrics) SignInLocked() {
	if m != nil {
		m.signInLocks.Inc()
	}
}

// MailFailed counts a failed attempt to deliver mail.
func (m *Metrics) MailFailed() {
	if m != nil {
		m.mailFailures.Inc()
	}
}

// WatchPageCache exports the page cache's counters, read at each scrape.
func (m *Metrics) WatchPageCache(c *pagecache.Cache) {
	for _, v := range []struct {
		name, help string
		get        func(pagecache.Stats) uint64
	}{
		{"portal_pagecache_hits_total", "Requests answered from the page cache.", func(s pagecache.Stats) uint64 { return s.Hits }},
		{"portal_pagecache_misses_total", "Cacheable requests rendered because the page was not in the cache.", func(s pagecache.Stats) uint64 { return s.Misses }},
		{"portal_pagecache_bypasses_total", "Requests rendered past the cache because its change listener was down.", func(s pagecache.Stats) uint64 { return s.Bypasses }},
	} {
		m.Registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: v.name, Help: v.help},
			func() float64 { return float64(v.get(c.Stats())) }))
	}
}

// WatchOutbox exports the number of messages waiting to be sent, counted
// by pending at each scrape.
func (m *Metrics) WatchOutbox(pending func(context.Context) (int, error)) {
	m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "portal_outbox_pending",
		Help: "Messages in the outbox not yet sent (-1 when the database could not be asked).",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := pending(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	}))
}

// WatchPool exports the connection pool's statistics.
func (m *Metrics) WatchPool(pool *pgxpool.Pool) {
	m.Registry.MustRegister(poolCollector{pool})
}

// poolCollector reads pool.Stat() at each scrape; pgxpool keeps the counts,
// so there is nothing to update between scrapes.
type poolCollector struct{ pool *pgxpool.Pool }

var (
	poolAcquired = prometheus.NewDesc("portal_db_pool_acquired_connections",
		"Connections in use by a request now.", nil, nil)
	poolIdle = prometheus.NewDesc("portal_db_pool_idle_connections",
		"Open connections waiting for use.", nil, nil)
	poolTotal = prometheus.NewDesc("portal_db_pool_total_connections",
		"Open connections, in use, idle or being opened.", nil, nil)
	poolMax = prometheus.NewDesc("portal_db_pool_max_connections",
		"Most connections the pool opens.", nil, nil)
	poolAcquires = prometheus.NewDesc("portal_db_pool_acquires_total",
		"Connections handed out.", nil, nil)
	poolWaits = prometheus.NewDesc("portal_db_pool_acquire_waits_total",
		"Acquires that had to wait, for a new connection or for one in use to be released.", nil, nil)
	poolWaitSeconds = prometheus.NewDesc("portal_db_pool_acquire_wait_seconds_total",
		"Time spent waiting in acquires that had to wait.", nil, nil)
	poolCanceled = prometheus.NewDesc("portal_db_pool_canceled_acquires_total",
		"Acquires given up because the request's context ended.", nil, nil)
)

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolAcquired, poolIdle, poolTotal, poolMax, poolAcquires, poolWaits, poolWaitSeconds, poolCanceled} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	ch <- prometheus.MustNewConstMetric(poolAcquired, prometheus.GaugeValue, float64(s.AcquiredConns()))
	ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.IdleConns()))
	ch <- prometheus.MustNewConstMetric(poolTotal, prometheus.GaugeValue, float64(s.TotalConns()))
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(s.MaxConns()))
	ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(s.AcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaitSeconds, prometheus.CounterValue, s.EmptyAcquireWaitTime().Seconds())
	ch <- prometheus.MustNewConstMetric(poolCanceled, prometheus.CounterValue, float64(s.CanceledAcquireCount()))
}
