package crm

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// HealthStages are the stages of the funnel health is weighted by, and
// HealthComponents the components of health, in the order shown.
var (
	HealthStages     = []string{"customer", "repeat", "loyal", "advocate"}
	HealthComponents = []string{"rhythm", "trend", "p_alive", "nps", "complaints", "portal", "effort"}
)

// HealthWeights are the weights of the health components (HealthComponents)
// per stage (HealthStages).
type HealthWeights [4][7]float64

// MaxHealthWeight is the largest weight a component takes.
const MaxHealthWeight = 1000

// DefaultHealthWeights are the weights until an admin sets others: a
// one-order customer is read mostly by the model and its rhythm, one that
// buys again by its trend too.
func DefaultHealthWeights() HealthWeights {
	first := [7]float64{2, 1, 3, 1, 2, 0.5, 1}
	again := [7]float64{2, 2, 2, 1, 2, 0.5, 1}
	return HealthWeights{first, again, again, again}
}

// Map returns the weights by stage and component.
func (w HealthWeights) Map() map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for i, s := range HealthStages {
		out[s] = map[string]float64{}
		for j, c := range HealthComponents {
			out[s][c] = w[i][j]
		}
	}
	return out
}

// MarshalJSON writes the weights by stage and component.
func (w HealthWeights) MarshalJSON() ([]byte, error) { return json.Marshal(w.Map()) }

// HealthWeightsKey is the setting of a stage's weights.
func HealthWeightsKey(stage string) string { return "health_weights_" + stage }

// HealthWeightsText writes a stage's weights as a setting's value:
// "rhythm=2,trend=1,…".
func HealthWeightsText(w [7]float64) string {
	parts := make([]string, len(w))
	for j, c := range HealthComponents {
		parts[j] = c + "=" + strconv.FormatFloat(w[j], 'f', -1, 64)
	}
	return strings.Join(parts, ",")
}

// ParseHealthWeights reads a stage's weights written "rhythm=2,trend=1,…":
// every component once, each a number from 0 to MaxHealthWeight, their
// sum above 0; key names the setting in messages.
func ParseHealthWeights(key, v string) ([7]float64, error) {
	var out [7]float64
	seen := [7]bool{}
	for _, p := range strings.Split(v, ",") {
		name, num, ok := strings.Cut(strings.TrimSpace(p), "=")
		j := slices.Index(HealthComponents, strings.TrimSpace(name))
		if !ok || j < 0 {
			return out, Errorf(EINVALID, "%s: want component=weight for each of %s, got %q", key, strings.Join(HealthComponents, ", "), p)
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || math.IsNaN(f) || f < 0 || f > MaxHealthWeight {
			return out, Errorf(EINVALID, "%s: %s: want a weight from 0 to %d, got %q", key, name, MaxHealthWeight, num)
		}
		if seen[j] {
			return out, Errorf(EINVALID, "%s: %s given twice", key, name)
		}
		out[j], seen[j] = f, true
	}
	var sum float64
	for j, c := range HealthComponents {
		if !seen[j] {
			return out, Errorf(EINVALID, "%s: %s missing: give a weight for each of %s", key, c, strings.Join(HealthComponents, ", "))
		}
		sum += out[j]
	}
	if !(sum > 0) {
		return out, Errorf(EINVALID, "%s: the weights sum to 0: give at least one a weight above 0", key)
	}
	return out, nil
}

// ParseSelfAssessment reads the social business maturity self-assessment
// written "yes,yes,no,no": one answer per stage (familiar, present,
// enabled, integrated); key names the setting in messages.
func ParseSelfAssessment(key, v string) ([4]bool, error) {
	var out [4]bool
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return out, Errorf(EINVALID, "%s: want four answers yes or no, like yes,yes,no,no, got %q", key, v)
	}
	for i, p := range parts {
		switch strings.ToLower(strings.TrimSpace(p)) {
		case "yes", "ja", "true", "1":
			out[i] = true
		case "no", "nein", "false", "0":
		default:
			return out, Errorf(EINVALID, "%s: want four answers yes or no, like yes,yes,no,no, got %q", key, v)
		}
	}
	return out, nil
}

// SelfAssessmentText writes the answers as the setting stores them.
func SelfAssessmentText(a [4]bool) string {
	parts := make([]string, 4)
	for i, yes := range a {
		parts[i] = map[bool]string{true: "yes", false: "no"}[yes]
	}
	return strings.Join(parts, ",")
}
