package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/crm"
)

func settingsCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "settings [KEY VALUE]",
		Short: "Show the cost rates, analysis settings, health weights and care targets, or set one (cost_per_service_hour, cost_per_order, currency, window_months, tier_thresholds, lapsed_after_days, goal_pages, health_weights_customer …, social_self_assessment, care_target_hours_a …)",
		Example: `  vitalfew settings
  vitalfew settings cost_per_service_hour 85
  vitalfew settings tier_thresholds 70,90
  vitalfew settings care_target_hours_a 2
  vitalfew settings health_weights_repeat rhythm=2,trend=3,p_alive=2,nps=1,complaints=2,portal=0.5,effort=1
  vitalfew settings goal_pages /contact/thanks,/danke`,
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
			targets, err := st.CareTargets(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(struct {
					crm.Settings
					HealthWeights  crm.HealthWeights `json:"health_weights"`
					SelfAssessment string            `json:"social_self_assessment"`
					A              float64           `json:"care_target_hours_a"`
					B              float64           `json:"care_target_hours_b"`
					C              float64           `json:"care_target_hours_c"`
					Prospect       float64           `json:"care_target_hours_prospect"`
					Unknown        float64           `json:"care_target_hours_unknown"`
				}{s, s.HealthWeights, crm.SelfAssessmentText(s.SocialSelfAssessment), targets["A"], targets["B"], targets["C"], targets["prospect"], targets["unknown"]})
			}
			fmt.Fprintf(e.stdout, "cost_per_service_hour  %g\ncost_per_order         %g\ncurrency               %s\n",
				s.CostPerServiceHour, s.CostPerOrder, s.Currency)
			fmt.Fprintf(e.stdout, "window_months          %d\ntier_thresholds        %g,%g\nlapsed_after_days      %d\n",
				s.WindowMonths, s.TierThresholds[0], s.TierThresholds[1], s.LapsedAfterDays)
			for i, stage := range crm.HealthStages {
				fmt.Fprintf(e.stdout, "%-24s %s\n", crm.HealthWeightsKey(stage), crm.HealthWeightsText(s.HealthWeights[i]))
			}
			fmt.Fprintf(e.stdout, "%-24s %s\n", "social_self_assessment", crm.SelfAssessmentText(s.SocialSelfAssessment))
			fmt.Fprintf(e.stdout, "goal_pages             %s\n", s.GoalPages)
			for _, t := range crm.CareTargetTiers {
				fmt.Fprintf(e.stdout, "%s %g\n", crm.CareTargetKey(t), targets[t])
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}
