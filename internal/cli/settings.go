package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

func settingsCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "settings [KEY VALUE]",
		Short: "Show the cost rates, or set one (cost_per_service_hour, cost_per_order, currency)",
		Example: `  vitalfew settings
  vitalfew settings cost_per_service_hour 85`,
		Args: cobra.MatchAll(cobra.MaximumNArgs(2), func(_ *cobra.Command, args []string) error {
			if len(args) == 1 {
				return fmt.Errorf("settings takes no arguments or KEY VALUE")
			}
			return nil
		}),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if len(args) == 2 {
				if err := st.SetSetting(operator(cmd.Context()), args[0], args[1]); err != nil {
					return err
				}
			}
			s, err := st.Settings(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(s)
			}
			fmt.Fprintf(e.stdout, "cost_per_service_hour  %g\ncost_per_order         %g\ncurrency               %s\n",
				s.CostPerServiceHour, s.CostPerOrder, s.Currency)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}
