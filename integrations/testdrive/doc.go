// Package testdrive plays deploybot's promotion story on the local
// stand-ins (integrations/standins) with the real serve: the scripted
// story `deploybot testdrive` prints, its interactive form, and the
// stand-ins-only form. Its Drive (the stand-ins plus the real serve,
// integrations/serve, which can be stopped and started again) and Story
// steps are what the end-to-end tests beside it (e2e_*_test.go) and the
// pipeline tests in cmd/deploybot drive.
package testdrive
