package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionOf(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	rev := "c9f6f86a07743e44ca38dfe9d0079839e90b8b3c"
	for _, tc := range []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"tagged", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0 go1.26.8 "},
		{"untagged commit", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261207095038-c9f6f86a0774"},
			Settings: vcs("vcs.revision", rev, "vcs.time", "2026-12-07T09:50:38Z", "vcs.modified", "false")},
			release + " commit c9f6f86a0774 built from 2026-12-07T09:50:38Z go1.26.8 "},
		{"modified", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261207095038-c9f6f86a0774+dirty"},
			Settings: vcs("vcs.revision", rev, "vcs.time", "2026-12-07T09:50:38Z", "vcs.modified", "true")},
			release + " commit c9f6f86a0774+dirty built from 2026-12-07T09:50:38Z go1.26.8 "},
		{"tag on a later commit's pseudo-version", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.1-0.20261207095038-c9f6f86a0774"},
			Settings: vcs("vcs.revision", rev)}, release + " commit c9f6f86a0774 go1.26.8 "},
		{"no VCS stamp", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, release + " go1.26.8 "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionOf(&tc.bi); !strings.HasPrefix(got, tc.want) || strings.Contains(got, "\n") {
				t.Errorf("versionOf = %q, want it to start with %q", got, tc.want)
			}
		})
	}
}
