package crm

import "strings"

// identityHosts are the web hosts whose profile URLs name a handle of each
// social identity kind.
var identityHosts = map[string][]string{
	IdentityLinkedIn:  {"linkedin.com"},
	IdentityX:         {"twitter.com", "x.com"},
	IdentityInstagram: {"instagram.com"},
	IdentityFacebook:  {"facebook.com"},
	IdentityYouTube:   {"youtube.com"},
}

// IdentityKinds lists the identity kinds, emails and phones first.
func IdentityKinds() []string {
	return []string{IdentityEmail, IdentityPhone, IdentityLinkedIn, IdentityX, IdentityInstagram, IdentityFacebook, IdentityYouTube}
}

// NormalizeIdentity returns the normalised value of an identity of kind:
// emails lower-cased, phones as digits with a leading '+', social handles
// from a handle or profile URL ("https://www.linkedin.com/in/Jane-Doe/" →
// "jane-doe"). It rules like the contact importer and returns an EINVALID
// error naming the kind when value is not one.
func NormalizeIdentity(kind, value string) (string, error) {
	var v string
	switch kind {
	case IdentityEmail:
		v = NormalizeEmail(value)
	case IdentityPhone:
		v = normalizePhone(value)
	default:
		hosts, ok := identityHosts[kind]
		if !ok {
			return "", Errorf(EINVALID, "kind: unknown %q (want %s)", kind, strings.Join(IdentityKinds(), ", "))
		}
		v = normalizeHandle(value, hosts...)
	}
	if v == "" {
		return "", Errorf(EINVALID, "%s: not a valid %s: %q", kind, kind, value)
	}
	return v, nil
}

// normalizePhone keeps the digits of a phone number and a leading '+'
// ("+49 (0) 89 123-45" → "+498912345"); "" if it holds letters or fewer
// than three digits.
func normalizePhone(s string) string {
	s = strings.TrimSpace(s)
	b := make([]byte, 0, len(s))
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		b = append(b, '+')
		s = strings.Replace(rest, "(0)", "", 1)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			b = append(b, c)
		case c|0x20 >= 'a' && c|0x20 <= 'z':
			return "" // "n/a", "call reception"
		}
	}
	if n := len(strings.TrimPrefix(string(b), "+")); n < 3 {
		return ""
	}
	return string(b)
}

// normalizeHandle reduces a profile URL or handle to the handle: trimmed,
// lower case, without '@' or URL prefixes; "" if it holds spaces or
// separators.
func normalizeHandle(s string, hosts ...string) string {
	h := strings.ToLower(strings.TrimSpace(s))
	for _, host := range hosts {
		if i := strings.Index(h, host+"/"); i >= 0 {
			h = h[i+len(host)+1:]
			for _, p := range []string{"in/", "pub/", "#!/"} {
				h = strings.TrimPrefix(h, p)
			}
			break
		}
	}
	if i := strings.IndexAny(h, "?#"); i >= 0 {
		h = h[:i]
	}
	h = strings.Trim(h, "/ ")
	if i := strings.IndexByte(h, '/'); i >= 0 {
		h = h[:i]
	}
	h = strings.TrimLeft(h, "@")
	if h == "" || strings.ContainsAny(h, " :,;") {
		return ""
	}
	return h
}
