package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
	"github.com/vitalfew/vitalfew/internal/testkit"
)

// overflowJS finds what does not fit: the page wider than the window, or a
// visible element whose content is wider than its box, outside a box that
// scrolls sideways and not cut off with an ellipsis on purpose. It returns
// the innermost offenders, described, at most five.
const overflowJS = `(() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) out.push("the page is " + root.scrollWidth + " px wide in a " + window.innerWidth + " px window");
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") return true;
    }
    return false;
  };
  // Clipped away on purpose: read by screen readers, not seen.
  const clipped = (el) => {
    for (let p = el; p && p !== root; p = p.parentElement) {
      if (getComputedStyle(p).clipPath !== "none") return true;
    }
    return false;
  };
  const bad = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg") || /^(INPUT|TEXTAREA|SELECT|OPTION|SCRIPT|STYLE)$/.test(el.tagName)) continue;
    if (!el.checkVisibility({ visibilityProperty: true }) || clipped(el)) continue;
    const cs = getComputedStyle(el);
    if (cs.textOverflow === "ellipsis") continue;
    if (cs.overflowX === "auto" || cs.overflowX === "scroll") continue;
    if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
    if (scrolls(el)) continue;
    bad.push(el);
  }
  // A table stacked on a narrow screen must fit without scrolling.
  for (const t of document.querySelectorAll("table.stacked")) {
    const box = t.parentElement;
    if (getComputedStyle(t).display === "block" && box.scrollWidth > box.clientWidth + 1) bad.push(t);
  }
  for (const el of bad) {
    if (bad.some((o) => o !== el && el.contains(o))) continue; // report the innermost
    const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "";
    const id = el.id ? "#" + el.id : "";
    out.push(el.tagName.toLowerCase() + id + cls + " (" + el.scrollWidth + " > " + el.clientWidth + " px): " +
      JSON.stringify((el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60)));
    if (out.length >= 6) break;
  }
  return out;
})()`

// TestBrowserResponsive opens every page at 1400 and 390 px, in English
// and German, and in the dark (German wide, English narrow), takes a
// screenshot of each (with $VITALFEW_SCREENSHOTS set) and checks that
// nothing is wider than its box; at 390 px the menu is folded until
// opened.
func TestBrowserResponsive(t *testing.T) {
	f := newFixture(t)
	// Data for every page: mentions (care queue, listening, unmatched),
	// long unbroken words (an email, a link), a contact, a token.
	op := crm.WithActor(context.Background(), crm.Operator)
	long := "a.very.long.address.without.spaces.for.testing@subdomain.of.a-rather-long-company-domain.example.com"
	maxi, err := f.st.CreateContact(op, crm.Contact{AccountID: f.accountID, Name: "Dr. Maximiliane Mustermann-Schulze", Title: "Leiterin Einkauf und Logistik",
		Status: crm.ContactActive, Identities: []crm.Identity{{Kind: "email", Value: long}, {Kind: "phone", Value: "+49 30 1234567"}}})
	if err != nil {
		t.Fatal(err)
	}
	f.regionGroup(t)
	// Her referral code brought an account with a long name.
	rc, err := f.st.ReferralCodeFor(op, maxi.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateReferredAccount(op, crm.Account{Name: "Neukunde Sondermaschinenbau und Automatisierungstechnik GmbH & Co. KG"}, rc.Code, crm.ReferralViaAPI); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateUser(op, long, "Long Address", crm.RoleStaff, "x"); err != nil {
		t.Fatal(err)
	}
	f.token(t, crm.RoleAdmin)
	// A customer gone quiet long ago, for the lapsed list.
	if _, err := f.st.ImportOrders(op, []crm.OrderRecord{{Line: 2, Account: crm.AccountRef{Name: "Altkunde Fahrzeugbau GmbH & Co. KG"},
		Order: crm.Order{ExternalID: "OLD-1", OrderedAt: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), Amount: 7000 * 100}}}, crm.ImportOptions{File: "old.csv"}); err != nil {
		t.Fatal(err)
	}
	// Service effort and a cost rate: the dashboard's cost-to-serve charts,
	// with an account that loses money.
	if err := f.st.SetSetting(op, "cost_per_service_hour", "60"); err != nil {
		t.Fatal(err)
	}
	for name, minutes := range map[string]float64{"Brandt KG": 600, "Ebert OHG": 1800} {
		if _, err := f.st.CreateTouchpoint(op, crm.Touchpoint{AccountID: f.accountIDs(t)[name], Kind: "call", Department: "support",
			Subject: "Call", EffortMinutes: minutes, OccurredAt: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	posted := time.Now().UTC().Add(-100 * time.Hour).Format(time.RFC3339)
	words, _ := json.Marshal("Third week without the spare part, nobody answers! https://example.com/orders/" + strings.Repeat("x", 80) + " " + hostile)
	code, body := f.postJSON(t, f.token(t, crm.RoleStaff), "/api/v1/mentions", `[
		{"platform":"x","id":"r-1","author_handle":"@late_parts_and_a_long_handle_name","text":`+string(words)+`,"posted_at":"`+posted+`","url":"https://x.com/late_parts/status/1234567890123456789"},
		{"platform":"linkedin","id":"r-2","author_handle":"@happy","text":"Thanks for the quick delivery, great team!","posted_at":"`+posted+`"},
		{"platform":"x","id":"r-3","author_handle":"@brandt","text":"Brandt KG: why is the invoice wrong again? Terrible.","posted_at":"`+posted+`"}]`)
	if code != 200 {
		t.Fatalf("mentions: %d %s", code, body)
	}
	// A portal space with a page, a thread and a webinar, for the staff's
	// spaces pages.
	sp, err := f.st.CreateSpace(op, "Key accounts of the Fahrzeugbau division", []crm.Grant{{Kind: "tier", Value: "A", Level: crm.LevelReply}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.AddSpacePage(op, sp.ID, "Datasheets", "| Product | Datasheet |\n|---|---|\n| "+long+" | rev. 2026-09 |\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateThread(op, sp.ID, "Lead times for the long-named replacement motors", "When?"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateEvent(op, crm.Event{SpaceID: sp.ID, Title: "Neuheiten bei den Getriebemotoren", Kind: crm.EventWebinar,
		StartsAt: time.Now().Add(48 * time.Hour), Minutes: 45}); err != nil {
		t.Fatal(err)
	}
	// A survey answered with a long word, for the surveys' pages.
	sv, err := f.st.CreateSurvey(op, crm.Survey{Name: "Nach dem Projekt: Umbau der Fertigungslinie Süd", Language: "de", Questions: []crm.Question{
		{Type: crm.QuestionNPS, Text: "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"}, {Type: crm.QuestionText, Text: "Warum?"},
		{Type: crm.QuestionChoice, Text: "Termin?", Options: []string{"Pünktlich", "Donaudampfschifffahrtsgesellschaftskapitänsmütze"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.InviteSurvey(op, sv.ID, store.SurveyInvite{Email: long, TokenHash: "responsive", Expires: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SubmitSurvey(context.Background(), "responsive", store.Submission{Answers: map[int][]string{1: {"3"}, 2: {long + " " + hostile},
		3: {"Donaudampfschifffahrtsgesellschaftskapitänsmütze"}}, Finish: true}); err != nil {
		t.Fatal(err)
	}
	// What staff believe, for the perception gap's pages.
	for account, answers := range map[int64]map[int][]string{f.accountID: {1: {"9"}, 3: {"Pünktlich"}}, 0: {1: {"10"}}} {
		if _, err := f.st.SaveBeliefs(op, sv.ID, account, answers); err != nil {
			t.Fatal(err)
		}
	}
	f.marketingData(t)
	settled(t, f.client(t, crm.RoleViewer), f.ts.URL)

	ctx := browser(t)
	base := f.ts.URL
	pages := []struct{ name, path string }{
		{"dashboard", "/"}, {"accounts", "/accounts"}, {"account", "/accounts/" + strconv.FormatInt(f.accountID, 10)},
		{"listening", "/listening"}, {"care", "/care"}, {"unmatched", "/mentions/unmatched"},
		{"lapsed", "/lapsed"}, {"stale", "/stale-contacts"}, {"import", "/import"},
		{"settings", "/settings"}, {"users", "/users"}, {"audit", "/audit"},
		{"spaces", "/spaces"}, {"space", "/spaces/" + strconv.FormatInt(sp.ID, 10)}, {"products", "/products"}, {"funnel", "/funnel"},
		{"referrals", "/referrals"}, {"referral", "/r/" + rc.Code},
		{"social-maturity", "/social-maturity"}, {"groups", "/groups"}, {"group", "/groups/view?kind=region&value=Bayern"},
		{"surveys", "/surveys"}, {"survey", "/surveys/" + strconv.FormatInt(sv.ID, 10)},
		{"beliefs", "/surveys/" + strconv.FormatInt(sv.ID, 10) + "/beliefs?account=" + strconv.FormatInt(f.accountID, 10)},
		{"perception", "/surveys/" + strconv.FormatInt(sv.ID, 10) + "/perception"},
		{"marketing", "/marketing?model=time-decay&value=first-year"},
		{"breakeven", "/breakeven?fixed=12000&price=200&variable=80&target_profit=6000&units=130"},
		{"activities", "/marketing/activities"}, {"activity", "/marketing/activities/" + strconv.FormatInt(firstActivity(t, f), 10) +
			"?base=https://www.example.com/a-very-long-landing-page-path/with-more/segments&utm_source=newsletter&utm_medium=email"},
		{"web", "/marketing/web"}, {"reach", "/marketing/reach"},
		{"survey-confirm", "/s/confirm/vfq_responsive"},
	}
	scheme := func(dark bool) chromedp.Action[chromedp.Void] {
		v := "light"
		if dark {
			v = "dark"
		}
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}})
			return err
		})
	}
	// The language is switched as the button in the header does; it may be
	// folded into the menu, so it is pressed without the mouse.
	var clicked bool
	switchTo := func(lang string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Navigate(base+"/settings"),
			chromedp.WaitVisible(`main h1`),
			into(&clicked, chromedp.Evaluate[bool](`document.documentElement.lang === '`+lang+`' || (document.querySelector('form.lang button[value=`+lang+`]').click(), true)`)),
			chromedp.WaitVisible(`html[lang=`+lang+`] main h1`),
		)
	}
	// The sign-in page on a phone: no menu, the language switch beside the
	// name.
	var loginProblems []string
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 900),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.WaitVisible(`header form.lang button`),
		screenshot("login-en-390"),
		into(&loginProblems, chromedp.Evaluate[[]string](overflowJS)),
		chromedp.SendKeys(`input[name=email]`, "admin@example.com"),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitReady(`header details.menu`), // signed in: the sign-in page has a main h1 too
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(loginProblems) > 0 {
		t.Errorf("the sign-in page at 390 px does not fit:\n\t%s", strings.Join(loginProblems, "\n\t"))
	}
	passes := []struct {
		lang  string
		width int64
		dark  bool
	}{{"en", 1400, false}, {"en", 390, false}, {"de", 1400, false}, {"de", 390, false}, {"de", 1400, true}, {"en", 390, true}}
	for _, p := range passes {
		what := fmt.Sprintf("%s %d px", p.lang, p.width)
		suffix := fmt.Sprintf("-%s-%d", p.lang, p.width)
		if p.dark {
			what += " dark"
			suffix += "-dark"
		}
		steps := []chromedp.Action[chromedp.Void]{
			chromedp.EmulateViewport(p.width, 900), scheme(p.dark), switchTo(p.lang),
		}
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		for i, pg := range pages {
			var (
				lang     string
				problems []string
			)
			err := chromedp.Do(ctx,
				chromedp.Navigate(base+pg.path),
				chromedp.WaitVisible(`main h1`),
				into(&lang, chromedp.Evaluate[string](`document.documentElement.lang`)),
				screenshot(pg.name+suffix),
				into(&problems, chromedp.Evaluate[[]string](overflowJS)),
			)
			if err != nil {
				t.Fatalf("%s %s: %v", what, pg.path, err)
			}
			if lang != p.lang {
				t.Errorf("%s %s: <html lang=%q>", what, pg.path, lang)
			}
			if len(problems) > 0 {
				t.Errorf("%s %s: does not fit:\n\t%s", what, pg.path, strings.Join(problems, "\n\t"))
			}
			if p.width > 700 || i != 0 || p.dark {
				continue
			}
			// Narrow: the links are folded under the menu button until it
			// is pressed, and then fit too.
			var links, before, after int
			err = chromedp.Do(ctx,
				into(&links, chromedp.Evaluate[int](`document.querySelectorAll('header nav a').length`)),
				into(&before, chromedp.Evaluate[int](`[...document.querySelectorAll('header nav a')].filter(a => a.checkVisibility()).length`)),
				chromedp.Click(`header details.menu > summary`),
				chromedp.WaitVisible(`header nav a[href="/accounts"]`),
				into(&after, chromedp.Evaluate[int](`[...document.querySelectorAll('header nav a, header form.lang button, header form.signout button')].filter(a => a.checkVisibility()).length`)),
				screenshot(pg.name+suffix+"-menu"),
				into(&problems, chromedp.Evaluate[[]string](overflowJS)),
			)
			if err != nil {
				t.Fatalf("%s: the menu: %v", what, err)
			}
			if links < 9 || before != 0 || after != links+2 {
				t.Errorf("%s: %d links shown before the menu is opened, %d links and buttons after (want 0, %d + language + sign out)", what, before, after, links)
			}
			if len(problems) > 0 {
				t.Errorf("%s: the open menu does not fit:\n\t%s", what, strings.Join(problems, "\n\t"))
			}
		}
	}
}

// TestBrowserPortal: a contact signs in to the portal in a real browser
// and reads their space, its page, a thread and their orders at 1400 and
// 390 px, in English and German, with nothing wider than its box.
func TestBrowserPortal(t *testing.T) {
	w := newPortalWorld(t, testkit.SQLite(t))
	op := crm.WithActor(context.Background(), crm.Operator)
	th, err := w.f.st.CreateThread(op, w.space, "Lead times for the replacement motors of the Fahrzeugbau division", "Ten **working days**.")
	if err != nil {
		t.Fatal(err)
	}
	gear := lineFor(t, w.f.st, w.a, "GB-200-HELICAL-LONGNAME", "Stirnradgetriebemotor GB-200 mit Hohlwellenausführung", 3)
	if err := w.f.st.SetProductDescription(op, gear, "Helical, **IP65**, für Förderanlagen in der Lebensmittelindustrie."); err != nil {
		t.Fatal(err)
	}
	if err := w.f.st.ShowProducts(op, w.space, []string{"GB-200-HELICAL-LONGNAME"}); err != nil {
		t.Fatal(err)
	}
	w.accept(t, w.tokA, "a1's long password")
	ctx := browser(t)
	base := w.f.ts.URL
	sp := strconv.FormatInt(w.space, 10)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/portal/login"),
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.SendKeys(`input[name=email]`, "a1@hostile.example"),
		chromedp.SendKeys(`input[name=password]`, "a1's long password"),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`a[href="/portal/spaces/`+sp+`"]`),
	); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/portal", "/portal/spaces/" + sp, "/portal/spaces/" + sp + "/pages/" + strconv.FormatInt(w.page, 10),
		"/portal/spaces/" + sp + "/threads/" + strconv.FormatInt(th.ID, 10), "/portal/orders", "/portal/orders/" + strconv.FormatInt(w.ordA, 10),
		"/portal/spaces/" + sp + "/products/" + strconv.FormatInt(gear, 10)}
	for _, lang := range []string{"en", "de"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/portal"), chromedp.WaitVisible(`header form.lang`)); err != nil {
			t.Fatal(err)
		}
		if lang == "de" {
			if err := chromedp.Do(ctx, chromedp.Click(`header form.lang button[value=de]`), chromedp.WaitVisible(`html[lang=de]`)); err != nil {
				t.Fatal(err)
			}
		}
		for _, width := range []int64{1400, 390} {
			for _, p := range paths {
				var problems []string
				var title string
				if err := chromedp.Do(ctx,
					chromedp.EmulateViewport(width, 900),
					chromedp.Navigate(base+p),
					chromedp.WaitVisible(`main h1`),
					into(&title, chromedp.Text(`main h1`)),
					screenshot("portal-"+lang+"-"+strconv.FormatInt(width, 10)+strings.ReplaceAll(p, "/", "_")),
					into(&problems, chromedp.Evaluate[[]string](overflowJS)),
				); err != nil {
					t.Fatalf("%s %d %s: %v", lang, width, p, err)
				}
				if strings.Contains(title, "404") {
					t.Errorf("%s %d %s: not found", lang, width, p)
				}
				if len(problems) > 0 {
					t.Errorf("%s %d px %s: wider than its box:\n\t%s", lang, width, p, strings.Join(problems, "\n\t"))
				}
			}
		}
	}
}

// firstActivity is the id of the fixture's first marketing activity.
func firstActivity(t *testing.T, f *fixture) int64 {
	t.Helper()
	acts, err := f.st.Activities(crm.WithActor(context.Background(), crm.Operator))
	if err != nil || len(acts) == 0 {
		t.Fatalf("activities: %v %v", acts, err)
	}
	return acts[0].ID
}
