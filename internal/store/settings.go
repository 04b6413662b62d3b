package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// The longest analysis window and lapsed-after span a setting takes (the
// dates vitalfew keeps span 201 years; a century is plenty).
const (
	MaxWindowMonths    = 1200
	MaxLapsedAfterDays = 36500
)

// Settings returns the cost rates and analysis settings, defaults filled
// in.
func (s *Store) Settings(ctx context.Context) (crm.Settings, error) {
	st := crm.DefaultSettings()
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return st, fmt.Errorf("store: settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, err
		}
		switch k {
		case "cost_per_service_hour":
			st.CostPerServiceHour, _ = strconv.ParseFloat(v, 64)
		case "cost_per_order":
			st.CostPerOrder, _ = strconv.ParseFloat(v, 64)
		case "currency":
			st.Currency = v
		case "window_months":
			st.WindowMonths, _ = strconv.Atoi(v)
		case "tier_thresholds":
			st.TierThresholds, _ = crm.ParseTierThresholds(k, v)
		case "lapsed_after_days":
			st.LapsedAfterDays, _ = strconv.Atoi(v)
		case "social_self_assessment":
			st.SocialSelfAssessment, _ = crm.ParseSelfAssessment(k, v)
		default:
			for i, stage := range crm.HealthStages {
				if k == crm.HealthWeightsKey(stage) {
					if w, err := crm.ParseHealthWeights(k, v); err == nil {
						st.HealthWeights[i] = w
					}
				}
			}
		case "goal_pages":
			st.GoalPages = v
		}
	}
	return st, rows.Err()
}

// SetSetting stores one setting, in the audit log. Admins only (the command
// line acts as admin); unknown keys and bad values are crm.EINVALID.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	switch key {
	case "cost_per_service_hour", "cost_per_order":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || !(f >= 0) || crm.CheckAmount(f) != nil {
			return crm.Errorf(crm.EINVALID, "%s: want a number from 0 to 1,000,000,000,000, got %q", key, value)
		}
	case "currency":
		value = strings.ToUpper(strings.TrimSpace(value))
		if len(value) != 3 || strings.Trim(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return crm.Errorf(crm.EINVALID, "currency: want a three-letter code such as EUR, got %q", value)
		}
	case "window_months":
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil || n < 1 || n > MaxWindowMonths {
			return crm.Errorf(crm.EINVALID, "window_months: want a whole number of months from 1 to %d, got %q", MaxWindowMonths, value)
		}
		value = strconv.Itoa(n)
	case "tier_thresholds":
		th, err := crm.ParseTierThresholds(key, value)
		if err != nil {
			return err
		}
		value = strconv.FormatFloat(th[0], 'f', -1, 64) + "," + strconv.FormatFloat(th[1], 'f', -1, 64)
	case "lapsed_after_days":
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil || n < 1 || n > MaxLapsedAfterDays {
			return crm.Errorf(crm.EINVALID, "lapsed_after_days: want a whole number of days from 1 to %d, got %q", MaxLapsedAfterDays, value)
		}
		value = strconv.Itoa(n)
	case "social_self_assessment":
		a, err := crm.ParseSelfAssessment(key, value)
		if err != nil {
			return err
		}
		value = crm.SelfAssessmentText(a)
	case crm.HealthWeightsKey("customer"), crm.HealthWeightsKey("repeat"), crm.HealthWeightsKey("loyal"), crm.HealthWeightsKey("advocate"):
		w, err := crm.ParseHealthWeights(key, value)
		if err != nil {
			return err
		}
		value = crm.HealthWeightsText(w)
	case "goal_pages":
		pages := crm.ParseGoalPages(value)
		if len(pages) > crm.MaxGoalPages || len(value) > crm.MaxGoalPages*crm.MaxHitPath {
			return crm.Errorf(crm.EINVALID, "goal_pages: at most %d paths", crm.MaxGoalPages)
		}
		for _, p := range pages {
			if !strings.HasPrefix(p, "/") {
				return crm.Errorf(crm.EINVALID, "goal_pages: want paths starting with / separated by commas, got %q", p)
			}
		}
		value = strings.Join(pages, ",")
	default:
		if ok, err := checkCareTarget(key, value); !ok {
			return crm.Errorf(crm.EINVALID, "unknown setting %q (known: cost_per_service_hour, cost_per_order, currency, window_months, tier_thresholds, lapsed_after_days, goal_pages, health_weights_customer, health_weights_repeat, health_weights_loyal, health_weights_advocate, social_self_assessment, %s)", key, careTargetKeys())
		} else if err != nil {
			return err
		}
	}
	return s.write(ctx, crm.RoleAdmin, "set "+key, func(tx *sql.Tx, a crm.Actor) error {
		var before any
		var old string
		switch err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&old); {
		case err == nil:
			before = map[string]string{key: old}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return err
		}
		return audit(ctx, tx, a, "update", "setting", 0, before, map[string]string{key: value})
	})
}
