package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Names of the external services in the calls and errors series.
const (
	ServiceGitHub = "github"
	ServiceArgoCD = "argocd"
	ServiceSlack  = "slack"
)

// Metrics is deploybot's set of Prometheus metrics in a registry of its
// own. Create it with New; it is safe for concurrent use.
type Metrics struct {
	reg        *prometheus.Registry
	promotions *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	ack        prometheus.Histogram
	calls      *prometheus.CounterVec
	errors     *prometheus.CounterVec
}

// New returns the metrics, registered with the Go runtime and process
// collectors. watches, if not nil, is asked for the number of running
// watches at every scrape.
func New(watches func() int) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.promotions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "deploybot_promotions_total",
		Help: "Promotions that reached a final state, by environment and outcome (the final state).",
	}, []string{"env", "outcome"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "deploybot_promotion_duration_seconds",
		Help:    "Time from a promotion's request to its rollout's first Healthy observation, by environment.",
		Buckets: []float64{60, 300, 600, 1200, 1800, 3600, 7200, 14400, 43200, 86400},
	}, []string{"env"})
	m.ack = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "deploybot_slack_ack_seconds",
		Help:    "Time from receiving a Slack Socket Mode envelope to acking it.",
		Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5},
	})
	m.calls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "deploybot_external_calls_total",
		Help: "Calls to GitHub, Argo CD and Slack, by service and operation.",
	}, []string{"service", "op"})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "deploybot_external_errors_total",
		Help: "Failed calls to GitHub, Argo CD and Slack, by service, operation and kind of error.",
	}, []string{"service", "op", "kind"})
	m.reg.MustRegister(m.promotions, m.duration, m.ack, m.calls, m.errors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if watches != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "deploybot_watches_running",
			Help: "Promotions whose rollout deploybot follows now (merged, syncing or watching).",
		}, func() float64 { return float64(watches()) }))
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry returns the registry the metrics are in, for tests and for
// adding collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ObserveAck records one Slack ack latency.
func (m *Metrics) ObserveAck(d time.Duration) { m.ack.Observe(d.Seconds()) }

// Outcome counts one promotion of env that reached the final state outcome.
func (m *Metrics) Outcome(env, outcome string) { m.promotions.WithLabelValues(env, outcome).Inc() }

// Healthy records the time from request to healthy of one promotion of env.
func (m *Metrics) Healthy(env string, d time.Duration) {
	m.duration.WithLabelValues(env).Observe(d.Seconds())
}

// Call counts one call of op to service, failed with an error of kind
// unless kind is "".
func (m *Metrics) Call(service, op, kind string) {
	m.calls.WithLabelValues(service, op).Inc()
	if kind != "" {
		m.errors.WithLabelValues(service, op, kind).Inc()
	}
}
