package serve

// The internal tests' helpers the benchmarks in package serve_test (which
// import the testdrive, and so cannot be in package serve) use too.
var (
	FreeAddr = freeAddr
	Fetch    = fetch
)
