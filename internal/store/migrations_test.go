package store

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"testing"
)

// released holds the SHA-256 of every migration file that has been
// released. Databases out there have run them; goose never runs a file
// again, so a change to one would reach no existing database and leave new
// and old databases with different schemas.
var released = map[string]string{
	"migrations/postgres/00001_init.sql":              "832b04447637f82e2723e6e31000ae733d62f47a634c3cf82614a6859d6b0c53",
	"migrations/postgres/00002_web.sql":               "c18a7127ce16af94ea9d3a196b7768d3ff55428a11701909fae0dd9298ac6b4f",
	"migrations/postgres/00004_mentions.sql":          "2c6aa1e37ce519f632f8fccb38c8dd20975dff18a9b5c3b748d4791647704d03",
	"migrations/postgres/00005_token_expiry.sql":      "790fc7c0429d00bd003f0632586692cc9d19eb5db64fe4be374de12e1fce62ad",
	"migrations/postgres/00006_money_cents.sql":       "6fd69f7624fb8270053c6acdce7f55656c2046f6b39961e433c406c11e171464",
	"migrations/postgres/00007_data_versions.sql":     "da7befda55e6d9466de29cf16d1a2b22d4668dd6cbf1840190eb919fc9072391",
	"migrations/postgres/00008_citus_keys.sql":        "0e991693aa18a4551bd37a8d8e92dd04f8266be0f0e6ac79e89cf54fc9e470b6",
	"migrations/postgres/00009_own_accounts.sql":      "66498fdd27eb29521cd830e538412c11c2170c125d160766b65b0a112e3ea757",
	"migrations/postgres/00010_set_aside.sql":         "295f48919225a44137476a2da7297bcb097d75ecafeabec1df360bab2879d201",
	"migrations/postgres/00011_user_language.sql":     "0250e7f42455974c278f3bde5786e296f2b0274fd4064df81cd4781c77e00991",
	"migrations/postgres/00012_mention_dismissed.sql": "51107f6aefba32f75ba06a0397999e04d7ad05da075cd5028dac920d922e3a23",
	"migrations/postgres/00013_touchpoint_author.sql": "80e92820565e07a07937f235ec1cbc58e32156b344c4c0a93aa3c85ad0afc652",
	"migrations/postgres/00014_portal.sql":            "c832633fab72c8017585a4a4614ed96508cac06df7af7b4a3076edfdafa29ace",
	"migrations/postgres/00015_forum.sql":             "c79c7e8b76f4fd1aa40774a5da88e4f1ce661d297a33e9a08f97a91574435db4",
	"migrations/postgres/00016_shipments.sql":         "99831db1f76a9b8d3748fd6cb592188b19ebc5e5c1208bea2dbfc3dde8bba92c",
	"migrations/postgres/00017_events.sql":            "5d8d929a65c7111087a7e10a14d49dac3227643bf54c408875238801fe310443",
	"migrations/postgres/00020_portal_reads.sql":      "fb0adae2860aa50790128e195e9fa11ce4d468ce53f2c626db61f141560ed05f",
	"migrations/postgres/00021_portal_notify.sql":     "b69efe154e9415f69bd5be13ede759118e357ff4be89c48aa2ab240f7e84ff6e",
	"migrations/postgres/00022_ideas.sql":             "fba896e3e9960fe24317bffddb04d24bd93d58fd86fa789b6f485f19ef98dceb",
	"migrations/postgres/00023_files.sql":             "cd32d5b32af48b86201c38f6c5317f6c7b9a9ad650be24a33d0c45bd93e08231",
	"migrations/postgres/00024_space_search.sql":      "99389d776cbf6f8c4cf6feee182a414acfa8c927ee612a2771d356937110776a",
	"migrations/postgres/00026_portal_language.sql":   "14c99d89e06b4ca8271126d319e170faea6b96f39b6e6a4a80008afbaee77788",
	"migrations/postgres/00027_catalogue.sql":         "fe072baabd5db7a9f74e9253ee35a2506984814142b652e1e4e740329f90c6e3",
	"migrations/postgres/00028_product_managers.sql":  "7f7bdd6d6e595bdebeca62f957e3e65ccb70f0946fcec2b7fb8b0ef9fefca1bd",
	"migrations/postgres/00029_surveys.sql":           "e94700350bfee36a8ad80142c20ccbb368b91460e74b501ba5871c0668bb9253",
	"migrations/postgres/00030_marketing.sql":         "e16058903bbb1d4abb625f1b0baf90de269b4765d97d8207994cb9686305051b",
	"migrations/postgres/00031_advocacy.sql":          "aba02b17d15f407e3f8d405ee80c94dd345753426786c71c6bef6a636b3c2391",
	"migrations/sqlite/00001_init.sql":                "62a82164f6d173a7c0bf3a9bb27350397d0a86a7dd197dc9e3f253252da5f1e8",
	"migrations/sqlite/00002_web.sql":                 "2f1b6562f6eb90edad925c28c7041d470589db0b46c815287b866dceeeafa118",
	"migrations/sqlite/00004_mentions.sql":            "0a9617b5e50b90abcff75125a94d5b0e36081622a21beb35dc49ef90566f7893",
	"migrations/sqlite/00005_token_expiry.sql":        "915ccd0f68a2e243d6575909105efe77ab25fb073e852e93e02dd7a9bbdbdf4f",
	"migrations/sqlite/00006_money_cents.sql":         "01bcfb6fb23114e992b98156a433d05fdb55b6a10696cd258b6dd632c24d3948",
	"migrations/sqlite/00007_data_versions.sql":       "ca9ab4bc254405002c2bead8206aaadbacf6ad22b19d256aed5cd7eff86dcf38",
	"migrations/sqlite/00008_citus_keys.sql":          "9dbaf94c203af33542bc6ed32ca25d4c67134f54de6bb14314b930ae1ae17b42",
	"migrations/sqlite/00009_own_accounts.sql":        "3670a55e674026b9c42395436b979e58575aa55bf6194f38667bac9236e42120",
	"migrations/sqlite/00010_set_aside.sql":           "295f48919225a44137476a2da7297bcb097d75ecafeabec1df360bab2879d201",
	"migrations/sqlite/00011_user_language.sql":       "0250e7f42455974c278f3bde5786e296f2b0274fd4064df81cd4781c77e00991",
	"migrations/sqlite/00012_mention_dismissed.sql":   "c6bb1f0ef84d17af0193554b798915c6ccf30fa57052f4bd81ce5beb56d02121",
	"migrations/sqlite/00013_touchpoint_author.sql":   "f9be29faa56d450d7b76e66e5bc75bbe05d477edcaef65e589aeccac67f1b64f",
	"migrations/sqlite/00014_portal.sql":              "ba87ce78283e23214eb2b99333c72550d66efc63526897fc56a2415bf97ae445",
	"migrations/sqlite/00015_forum.sql":               "aa794de5b83134ba4922275eb5579a072739c56199656d9447f62794570223f6",
	"migrations/sqlite/00016_shipments.sql":           "3dc2b877982687727d933d43f61a6b3b214c9ec90c4307592b04d97fbdf662a3",
	"migrations/sqlite/00017_events.sql":              "622fbe6bda4df9b94d91ebb33c9e0615a1796281cfecdff64ef0ca1963513a1d",
	"migrations/sqlite/00020_portal_reads.sql":        "62dfd9cf52bb6512d2c3ff4875d53d9b9839f813e51fab7ffb48f1666d92e882",
	"migrations/sqlite/00021_portal_notify.sql":       "b69efe154e9415f69bd5be13ede759118e357ff4be89c48aa2ab240f7e84ff6e",
	"migrations/sqlite/00022_ideas.sql":               "84c981379c3125938a56842f4f5e8971f2f4d5992be4629689d24d606f602da7",
	"migrations/sqlite/00023_files.sql":               "3925dfd4ee029b9751e4123f3656b2883085804b9a9faa31380db4bc9da05b13",
	"migrations/sqlite/00024_space_search.sql":        "7edafeaf585ce0860d897ef7f9ab34d9fff11adb3f3a08545390ce965f8b37ef",
	"migrations/sqlite/00026_portal_language.sql":     "14c99d89e06b4ca8271126d319e170faea6b96f39b6e6a4a80008afbaee77788",
	"migrations/sqlite/00027_catalogue.sql":           "6688ab88736362abf85a9d896efcd1a549ca464aa20eb59890ff0430c6b87e6b",
	"migrations/sqlite/00028_product_managers.sql":    "7f7bdd6d6e595bdebeca62f957e3e65ccb70f0946fcec2b7fb8b0ef9fefca1bd",
	"migrations/sqlite/00029_surveys.sql":             "08d700ffa5446e2e2c99997530cdbb1b009ad1eb1193cc990c93dc47d57e469f",
	"migrations/sqlite/00030_marketing.sql":           "3f9b498771b1d055bbc2c6f66bb828cf8b1fbf80ff1ecf9608cf2d96e0f8866d",
	"migrations/sqlite/00031_advocacy.sql":            "c60c5a27105dcabc165f86f21baaa9970636483a8104eaaa16545585a4b3879c",

	// Added with the surveys, marketing and funnel work of 2026-12-07.
	"migrations/postgres/00032_final_invoice_surveys.sql": "0f541db8d7f14a1e306f8c4ee8a2a9213aa4f83a0f5118d2e5866e1370473de8",
	"migrations/postgres/00033_web_analytics.sql":         "06d4f150168fe5e89827746697c7a89249bafad9b73106386b6d51657d2bf4f7",
	"migrations/postgres/00034_referral_codes.sql":        "dbb35e2f97980032c9510f18d06f56c37717ed1e10f026b4a95a506228964477",
	"migrations/postgres/00035_survey_beliefs.sql":        "21779d50356ea9473dea0360d0f15639542009c175e110b4958b37fb8314967d",
	"migrations/postgres/00036_heard_about_reach.sql":     "febb930401470db8b321c2947b50518fdeefb51f050db2c30cab2a8d508becc3",
	"migrations/postgres/00037_stage_transitions.sql":     "8982da06079b2ccd48c6d2d36a587e4e1431c1ae34fb3b610aa0f2cf75028521",
	"migrations/sqlite/00032_final_invoice_surveys.sql":   "3ccea8b40387259d1398d870e321edee9eb11bb176580a6953024ef17f83e941",
	"migrations/sqlite/00033_web_analytics.sql":           "fdea11bcfa242562e221fd271204bf15e24092de4a3fafc25f20ef82091c949b",
	"migrations/sqlite/00034_referral_codes.sql":          "5fb5411f730a88788d779fff6b7e17aa27e2e49cae369eb172f92de72bbbd729",
	"migrations/sqlite/00035_survey_beliefs.sql":          "dbf57e859f73ebaa7ca1acb75007aee5db9962b8daddebefb5cbde52e9ead571",
	"migrations/sqlite/00036_heard_about_reach.sql":       "eebe8a7858c2c99f540a75318d54e40d03560fbb305b65027a578a4bfd0f4700",
	"migrations/sqlite/00037_stage_transitions.sql":       "59862021901b1406b6f4ccfceff4b8e7218108d8e3e0df25d7a3ea623a413af0",
}

// TestReleasedMigrationsUnchanged: the embedded migrations still hold every
// released file, byte for byte, and every embedded file is listed: a new
// migration is added here with its checksum in the commit that adds it, so
// that it cannot change after it ships either.
func TestReleasedMigrationsUnchanged(t *testing.T) {
	for name, want := range released {
		b, err := fs.ReadFile(migrations, name)
		if err != nil {
			t.Errorf("%s: %v: migrations are forward-only; a released migration must stay as it is, add a new file instead", name, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s changed (SHA-256 %s, released as %s): migrations are forward-only; restore it and add a new migration file for the change", name, got, want)
		}
	}
	err := fs.WalkDir(migrations, "migrations", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if _, ok := released[name]; !ok {
			b, _ := fs.ReadFile(migrations, name)
			sum := sha256.Sum256(b)
			t.Errorf("%s is not in released: add it with its SHA-256 %s", name, hex.EncodeToString(sum[:]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
