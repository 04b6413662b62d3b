package crm

import (
	"strings"
	"testing"
)

func TestParseHealthWeights(t *testing.T) {
	all := "rhythm=2,trend=1,p_alive=3,nps=1,complaints=2,portal=0.5,effort=1"
	w, err := ParseHealthWeights("k", " effort = 1, rhythm=2,trend=1,p_alive=3,nps=1,complaints=2,portal=0.5")
	if err != nil || w != DefaultHealthWeights()[0] || HealthWeightsText(w) != all {
		t.Fatalf("%v %v %q", w, err, HealthWeightsText(w))
	}
	for _, c := range []struct{ in, want string }{
		{"rhythm=2,trend=1,p_alive=3,nps=1,complaints=2,portal=0.5", "effort missing"},
		{all + ",rhythm=1", "rhythm given twice"},
		{strings.Replace(all, "nps=1", "nps=-1", 1), "nps: want a weight from 0 to 1000"},
		{strings.Replace(all, "nps=1", "nps=NaN", 1), "nps: want a weight from 0 to 1000"},
		{strings.Replace(all, "nps=1", "nps=1001", 1), "nps: want a weight from 0 to 1000"},
		{strings.Replace(all, "nps=1", "mood=1", 1), "want component=weight"},
		{"rhythm=0,trend=0,p_alive=0,nps=0,complaints=0,portal=0,effort=0", "sum to 0"},
	} {
		if _, err := ParseHealthWeights("k", c.in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
}
