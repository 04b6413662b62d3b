package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDeployFilesMatchTheProgram: the container image and the systemd unit
// call commands and flags the program has, and set only environment
// variables it reads, so that they do not rot as the program changes.
func TestDeployFilesMatchTheProgram(t *testing.T) {
	help := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), append(args, "--help"), func(string) string { return "" }, strings.NewReader(""), &out, &errOut); err != nil {
			t.Fatalf("%v --help: %v %s", args, err, errOut.String())
		}
		return out.String()
	}
	serveHelp := help("serve")
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile("../../" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	dockerfile, unit := read("Dockerfile"), read("deploy/vitalfew.service")

	m := regexp.MustCompile(`HEALTHCHECK[^\n]*\\\n\s*CMD \["/vitalfew", "([a-z]+)"\]`).FindStringSubmatch(dockerfile)
	if m == nil {
		t.Fatal("the Dockerfile has no HEALTHCHECK CMD [\"/vitalfew\", …]")
	}
	help(m[1])
	for _, want := range []string{"CGO_ENABLED=0", "USER 65532", `VOLUME ["/data"]`, "EXPOSE 8080", "VITALFEW_DB=/data/vitalfew.db", `CMD ["serve"]`} {
		if !strings.Contains(dockerfile, want) {
			t.Errorf("the Dockerfile lacks %s", want)
		}
	}
	for _, env := range regexp.MustCompile(`VITALFEW_[A-Z_]+`).FindAllString(dockerfile+unit, -1) {
		if !strings.Contains(serveHelp, env) && env != "VITALFEW_SMTP_URL" {
			t.Errorf("%s is set in the deploy files but serve --help does not name it", env)
		}
	}
	exec := regexp.MustCompile(`(?m)^ExecStart=/usr/local/bin/vitalfew serve (.*)$`).FindStringSubmatch(unit)
	if exec == nil {
		t.Fatal("the unit has no ExecStart=/usr/local/bin/vitalfew serve …")
	}
	for _, flag := range regexp.MustCompile(`--[a-z-]+`).FindAllString(exec[1], -1) {
		if !strings.Contains(serveHelp, flag+" ") {
			t.Errorf("the unit's %s is not a flag of serve", flag)
		}
	}
	for _, want := range []string{"NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/vitalfew", "DynamicUser=yes", "--secure-cookies"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit lacks %s", want)
		}
	}
}
