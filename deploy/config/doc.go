// Package config is deploybot.yaml: parsing (with line numbers for every
// problem), defaults, validation, value templates over {service}, {env}
// and {version}, name resolution with "did you mean", freeze windows,
// automations, and the credentials read from the process environment
// (Secrets, never from the file). A *Config returned without error is
// valid; the engine (package deploy) takes it as it is.
//
// It imports only deploy/fault and deploy/yamledit, never the engine:
// the types it produces (Config, Environment, Service, FileTarget, ...)
// live here so that the arrows run deploy -> config and never back.
package config
