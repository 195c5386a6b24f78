package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/deploybot/deploybot/deploy"
	"github.com/deploybot/deploybot/deploy/config"
)

// Engine is what the bot needs from the promotion engine; *deploy.Engine
// implements it. Every method returns a domain error (fault.ErrorCode,
// fault.UserMessage) that the bot shows to the person who asked.
type Engine interface {
	Request(ctx context.Context, req deploy.Request) (deploy.Promotion, error)
	Approve(ctx context.Context, id string, approver deploy.Person) (deploy.Promotion, error)
	Cancel(ctx context.Context, id string, person deploy.Person) (deploy.Promotion, error)
	Rollback(ctx context.Context, req deploy.RollbackRequest) (deploy.Promotion, error)
	// Status answers /promote status: what runs where and what is in
	// flight.
	Status(ctx context.Context) (deploy.StatusTable, []deploy.Promotion, error)
	// Recent returns the recent promotions announced in channel, newest
	// first, for /rollback with no arguments.
	Recent(ctx context.Context, channel string) ([]deploy.Promotion, error)
	// Promotion returns promotion id, or CodeNotFound.
	Promotion(ctx context.Context, id string) (deploy.Promotion, error)
	// Latest returns at most n promotions of service in env, newest first.
	Latest(ctx context.Context, service, env string, n int) ([]deploy.Promotion, error)
	// RecordRefusal writes a refusal the bot decided itself to the audit
	// log.
	RecordRefusal(ctx context.Context, ev deploy.AuditEvent) error
}

// Options configure a Bot. Config, Engine and Queue are required, and so
// are the two tokens for Run.
type Options struct {
	Config *config.Config
	Engine Engine
	Queue  Queue
	// BotToken (xoxb-, SLACK_BOT_TOKEN) and AppToken (xapp-,
	// SLACK_APP_TOKEN).
	BotToken, AppToken config.Secret
	// APIURL is the Web API base URL ending in "/"; empty is Slack's.
	APIURL string
	Clock  deploy.Clock
	Logger *slog.Logger
	// Watchdog logs a warning when the Socket Mode connection has been
	// silent (no ping, no message) this long; default 2m, negative off.
	Watchdog time.Duration
	// UpdateEvery is the least time between two chat.update calls of one
	// announcement; default 3s.
	UpdateEvery time.Duration
	// DedupWindow is how long a repeated command (same person, same text)
	// or click (same person, promotion and button) counts as a duplicate;
	// default 30s.
	DedupWindow time.Duration
	// GroupCacheTTL is how long user-group members are cached; default 60s.
	GroupCacheTTL time.Duration
	// Workers is how many jobs run at once; default 8.
	Workers int
	// PingInterval is socketmode's ping timeout; default socketmode's 30s.
	PingInterval time.Duration
	// HTTPClient makes the Web API calls; nil is slack-go's default. serve
	// passes one whose transport counts calls for /metrics.
	HTTPClient *http.Client
	// OnAck, if set, is called with the time from the event loop taking an
	// envelope to its ack being handed to the socket, for the ack latency
	// histogram: the commit of its job to the store included, since an
	// envelope is acked only once its job is on disk. It must not block.
	OnAck func(time.Duration)
}

// Bot is the Slack side of deploybot. Create it with New; it is safe for
// concurrent use.
type Bot struct {
	opts   Options
	cfg    *config.Config
	engine Engine
	queue  Queue
	api    *slack.Client
	clock  deploy.Clock
	log    *slog.Logger

	groups  *groupCache
	notices *announcer
	live    *liveness

	mu     sync.Mutex
	teamID string // from auth.test
	botID  string // from auth.test: the author of the bot's messages
	stop   chan struct{}
	once   sync.Once
}

// New returns a Bot for opts. It returns an error when Config, Engine or
// Queue is missing; tokens are checked by Run.
func New(opts Options) (*Bot, error) {
	if opts.Config == nil || opts.Engine == nil || opts.Queue == nil {
		return nil, errors.New("bot.New needs a Config, an Engine and a Queue")
	}
	opts = withDefaults(opts)
	b := &Bot{opts: opts, cfg: opts.Config, engine: opts.Engine, queue: opts.Queue,
		clock: opts.Clock, log: opts.Logger.With("component", "slack"), stop: make(chan struct{})}
	b.api = slack.New(opts.BotToken.Reveal(), b.slackOptions()...)
	b.groups = newGroupCache(b.api, opts.GroupCacheTTL, b.clock)
	b.notices = newAnnouncer(b)
	b.live = newLiveness(b.clock)
	return b, nil
}

func (b *Bot) slackOptions() []slack.Option {
	o := []slack.Option{slack.OptionAppLevelToken(b.opts.AppToken.Reveal())}
	if b.opts.HTTPClient != nil {
		o = append(o, slack.OptionHTTPClient(b.opts.HTTPClient))
	}
	if b.opts.APIURL != "" {
		o = append(o, slack.OptionAPIURL(b.opts.APIURL))
	}
	return o
}

func withDefaults(o Options) Options {
	if o.Clock == nil {
		o.Clock = wallClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	def := func(p *time.Duration, v time.Duration) {
		if *p == 0 {
			*p = v
		}
	}
	def(&o.Watchdog, 2*time.Minute)
	def(&o.UpdateEvery, 3*time.Second)
	def(&o.DedupWindow, 30*time.Second)
	def(&o.GroupCacheTTL, time.Minute)
	if o.Workers <= 0 {
		o.Workers = 8
	}
	return o
}

// Close flushes pending announcement updates and stops their timers. It
// never fails; call it after Run returns.
func (b *Bot) Close() {
	b.once.Do(func() { close(b.stop) })
	b.notices.wait()
}

// wallClock is the real time in UTC.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now().UTC() }

// now returns the bot's clock in UTC.
func (b *Bot) now() time.Time { return b.clock.Now().UTC() }
