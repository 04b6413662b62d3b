package cli

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

func healthcheckCmd(e *env) *cobra.Command {
	var url string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "healthcheck",
		Short: "Ask a running server's /healthz (or /readyz) whether it is up; for container health checks",
		Long: `Request the server's /healthz and exit 0 when it answers 200, 1 else. A
container image without a shell or wget (distroless) runs this as its
HEALTHCHECK. The address is the one "serve" listens on (--addr or
VITALFEW_ADDR; a 0.0.0.0 or [::] address is asked on the loopback).
--url asks another URL, such as /readyz, which also checks the database.`,
		Example: `  vitalfew healthcheck
  vitalfew healthcheck --url http://127.0.0.1:8080/readyz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if url == "" {
				addr := e.getenv("VITALFEW_ADDR")
				if addr == "" {
					addr = "127.0.0.1:8080"
				}
				for _, any := range []string{"0.0.0.0:", "[::]:", ":"} {
					if rest, ok := strings.CutPrefix(addr, any); ok {
						addr = "127.0.0.1:" + rest
						break
					}
				}
				url = "http://" + addr + "/healthz"
			}
			c := &http.Client{Timeout: timeout}
			res, err := c.Get(url)
			if err != nil {
				return fmt.Errorf("healthcheck: %w", err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("healthcheck: %s answered %s: %s", url, res.Status, strings.TrimSpace(string(body)))
			}
			fmt.Fprintf(e.stdout, "%s: %s\n", url, strings.TrimSpace(string(body)))
			return nil
		},
	}
	cmd.Flags().StringVar(&url, "url", "", "the URL to ask (default http://ADDR/healthz from VITALFEW_ADDR)")
	cmd.Flags().DurationVar(&timeout, "timeout", 5*time.Second, "how long to wait for the answer")
	return cmd
}
