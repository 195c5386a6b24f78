package argocd

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/argoproj/argo-cd/v2/pkg/apiclient"
	"github.com/argoproj/argo-cd/v2/pkg/apiclient/application"
	"google.golang.org/grpc"
)

// userAgent is what deploybot calls itself to Argo CD.
const userAgent = "deploybot"

// maxMessageSize is the largest gRPC message sent or received, set on
// every call so that ARGOCD_GRPC_MAX_SIZE_MB (read by the apiclient when
// the program starts) has no say. It is the apiclient's own default.
const maxMessageSize = 200 << 20

// callOptions go with every call.
var callOptions = []grpc.CallOption{
	grpc.MaxCallRecvMsgSize(maxMessageSize),
	grpc.MaxCallSendMsgSize(maxMessageSize),
}

// clientOptions sets every apiclient.ClientOptions field explicitly from
// c.opts, so nothing comes from a local argocd CLI config or the
// environment: ServerAddr and AuthToken are non-empty, so they override
// ARGOCD_SERVER and ARGOCD_AUTH_TOKEN; configPath names a file that does
// not exist in an empty private directory, so no local config (contexts,
// tokens, certificates, refresh tokens) is read or written; no port
// forward, core mode, kube config, extra headers or HTTP retries.
func (c *Client) clientOptions(configPath string) apiclient.ClientOptions {
	o := c.opts
	return apiclient.ClientOptions{
		ServerAddr:           o.Server,
		PlainText:            o.Plaintext,
		Insecure:             o.Insecure,
		CertFile:             "",
		ClientCertFile:       "",
		ClientCertKeyFile:    "",
		AuthToken:            o.Token.Reveal(),
		ConfigPath:           configPath,
		Context:              "",
		UserAgent:            userAgent,
		GRPCWeb:              o.GRPCWeb,
		GRPCWebRootPath:      o.GRPCWebRootPath,
		Core:                 false,
		PortForward:          false,
		PortForwardNamespace: "",
		Headers:              nil,
		HttpRetryMax:         0,
		KubeOverrides:        nil,
		AppControllerName:    "",
		ServerName:           "",
		RedisHaProxyName:     "",
		RedisName:            "",
		RedisCompression:     "",
		RepoServerName:       "",
		PromptsEnabled:       false,
	}
}

// connect builds the apiclient and dials the application service. Unless
// GRPCWeb is set, the apiclient first probes the server with a Version
// call and, if plain gRPC fails but gRPC-Web works, switches to gRPC-Web by
// itself (logging a warning through logrus); it reports no such switch.
// It returns an error naming the server, never the token.
func (c *Client) connect() (application.ApplicationServiceClient, io.Closer, error) {
	dir, err := os.MkdirTemp("", "deploybot-argocd-")
	if err != nil {
		return nil, nil, fmt.Errorf("private directory for the Argo CD client: %w", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	opts := c.clientOptions(filepath.Join(dir, "no-config"))
	ac, err := apiclient.NewClient(&opts)
	if err != nil {
		return nil, nil, fmt.Errorf("client for Argo CD at %s: %w", c.opts.Server, c.redact(err))
	}
	closer, apps, err := ac.NewApplicationClient()
	if err != nil {
		return nil, nil, fmt.Errorf("connect to Argo CD at %s: %w", c.opts.Server, c.redact(err))
	}
	return apps, closer, nil
}
