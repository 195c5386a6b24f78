// Package testdrive plays deploybot's promotion story on the local
// stand-ins (integrations/standins) with the real serve: the scripted
// story `deploybot testdrive` prints, its interactive form, and the
// stand-ins-only form. Its Drive (the stand-ins plus a serve that can be
// stopped and started again) and Story steps are what the end-to-end
// tests in cmd/deploybot drive.
//
// Serve's wiring lives in cmd/deploybot; the caller passes it in as a
// ServeFunc, so this package does not depend on the command.
package testdrive
