package cli

import (
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// buildVersion, when set at link time (-ldflags "-X
// github.com/vitalfew/vitalfew/internal/cli.buildVersion=v1.2.0"), is the
// version reported first: builds without VCS stamping (a container build
// from a source copy without .git) still say what they are.
var buildVersion string

// release is the version this source is of: the next release, "-dev" until
// it is tagged. A build that knows no tag says it (with the commit when Go
// stamped one), so that every build names a version.
const release = "v0.9.0-dev"

// pseudoVersion matches the version Go makes up for an untagged commit
// (v0.0.0-20261207095038-c9f6f86a0774, +dirty when modified): such a
// build says release and the commit instead.
var pseudoVersion = regexp.MustCompile(`-(0\.)?\d{14}-[0-9a-f]{12}(\+dirty)?$`)

// Version describes this build in one line, from the build information Go
// records: the module version when built from a tagged module ("go
// install ...@v1.2.0"), else release and the commit, with the commit's
// time and "+dirty" for uncommitted changes; then the Go version. A build
// without VCS stamping (-buildvcs=false, or a source copy without .git)
// knows no commit: it says release unless buildVersion is set.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel (no build information) " + runtime.Version()
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	rev := settings["vcs.revision"]
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" && settings["vcs.modified"] == "true" {
		rev += "+dirty"
	}
	parts := []string{}
	if buildVersion != "" {
		parts = append(parts, buildVersion)
	} else if v := bi.Main.Version; v != "" && v != "(devel)" && !(rev != "" && pseudoVersion.MatchString(v)) {
		parts = append(parts, v)
	} else {
		parts = append(parts, release)
	}
	if rev != "" {
		parts = append(parts, "commit "+rev)
	}
	if t := settings["vcs.time"]; t != "" {
		parts = append(parts, "built from "+t)
	}
	goVersion := bi.GoVersion
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	parts = append(parts, goVersion, runtime.GOOS+"/"+runtime.GOARCH)
	return strings.Join(parts, " ")
}
