package sentiment

// The B2B word lists and cues of each language (our own, Apache-2.0),
// developed on testdata/b2b_*_dev.tsv. See b2b.go for what each does.

var englishB2B = b2bSpec{
	flags: map[bflag]string{
		bQStart:   "how what where which who whom whose when is are does do did can could would will should may might has have was were if",
		bReqStart: "please kindly pls plz",
		bNotice:   "attached enclosed fyi reference ref logged planned scheduled forwarding forwarded assigned registered attachment collected pickup filed stored packed analysis",
		bEval:     "always actually seriously supposed",
		bOne:      "a an one",
		bZero:     "zero",
		bSingle:   "single one",
		bDay:      "day days",
		bWeek:     "week weeks",
		bPassNeg:  "nobody noone never",
		bElapsed:  "been",
		bState:    "open pending outstanding unresolved unpaid unanswered unsolved sitting stuck in at need needs",
		bOrdinal:  "second third fourth fifth sixth seventh 2nd 3rd 4th 5th 6th",
		bRepNoun:  "time times ticket tickets call calls email emails e-mail mail reminder complaint request attempt",
		bWithout:  "without",
		bStill:    "still yet",
		bExpect: "arrive arrived arrives arriving came come comes coming ship shipped ships shipping shipment " +
			"deliver delivered delivery deliveries send sent receive received answer answered answers " +
			"reply replied replies respond responded response responses callback called calls " +
			"fix fixed fixing solve solved solving resolved work works worked working show showed shown " +
			"turned start started happen happened happens finish finished finishing confirm confirmed confirmation " +
			"update updates updated tracking refund credit word news information info feedback apology " +
			"solution patch quote connect connects connected load loads loaded open opens log login " +
			"install installed complete completed sign picks picked reach reached contact contacted " +
			"told inform informed knows replacement replaced renew renewed telling informing assigned dispatched processed credited booked attended warning included " +
			"certificate certificates documents documentation paperwork papers datasheet datasheets packing match matches matched",
		bNegator:   "nobody noone no-one no",
		bNothing:   "nothing",
		bWait:      "wait waiting waited waits",
		bRepeat:    "again same",
		bSince:     "since forever ages",
		bOpener:    "great wonderful fantastic brilliant perfect superb amazing awesome lovely excellent terrific marvellous marvelous splendid",
		bUnit:      "minute minutes min mins hour hours hr hrs h day days week weeks weekend weekends month months",
		bSmallUnit: "minute minutes min mins hour hours hr hrs",
		bNum:       "a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty ninety hundred several few",
		bPolite:    "thanks thank appreciate appreciated hope well kind kindly regards respect pleasure grateful patience sorry help dear apology best",
		bFor:       "for to",
		bTook:      "took taken takes became become",
		bOnly:      "only just",
		bWithin:    "within",
		bOrdered:   "ordered",
		bDone:      "installed fitted delivered shipped arrived",
		bDown:      "down",
		bBe:        "is are was were went been go goes going",
		bOf:        "of",
		bArticle:   "the our your these those",
		bImpact: "rent rented hire hired buy bought pay paid fly flew reprint reprinted redo rework reworked sort sorted " +
			"stop stopped halt halted shut scrap scrapped throw source sourced borrow borrowed type retype " +
			"manual manually hand overtime cost costs expense reorder relabel relabelled recount expedite idle " +
			"dismantle reinstall reschedule home premium",
		bCurrency:  "dollar dollars usd euro euros eur franc francs chf pound pounds sterling gbp yen yuan",
		bOrderRef:  "ordered order po slip confirmation note invoice drawing",
		bIDNoun:    "po order ticket invoice lot batch nr no item version week case ref line",
		bRegret:    "unfortunately sadly regrettably",
		bPlan:      "quoted planned promised agreed sla supposed scheduled booked estimated says said expected due confirmed told announced",
		bTimePoint: "at monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december week",
		bAll:       "all every",
		bStartEv:   "filed reported ordered opened requested raised submitted logged sent placed order",
		bDecrease:  "down halved cut cuts fell fallen dropped reduced lower lowered decreased",
		bMetric:    "cost costs time times rate rates scrap reject rejects downtime waste stock-outs complaints returns claims defects failures breakdowns breakage",
		bGone:      "gone fixed solved resolved disappeared",
		bIf:        "if when whenever once",
		bInstead:   "instead",
		bBiz: "order orders ordered reorder delivery deliveries delivered shipment shipments dispatch dispatched invoice invoices " +
			"invoiced billing billed statement quote quoted quotation offer contract contracts supplier suppliers vendor vendors " +
			"customer customers client clients account accounts support ticket tickets helpdesk hotline technician technicians " +
			"engineer engineers installation installer installers warranty refund pallet pallets carton cartons parcel " +
			"parcels courier freight warehouse spare parts machine machines equipment production " +
			"maintenance repair repaired replacement software portal upgrade licence license subscription onboarding " +
			"migration integration server outage downtime sla payment payments purchase purchasing procurement pricing " +
			"discount batch shipping consignment customs tracking rollout documentation certificate audit " +
			"service servicing fitters project deadline lead-time po rma tender framework firmware patch bug version " +
			"export dashboard catalogue catalog labels shift raw material stock-outs scrap erp capacity goods inspection " +
			"packaging logistics documents vpn manual sensor adhesive pump pumps valve valves devices seal container " +
			"battery price prices quotes response reply email emails workaround sync error depot supplier's vendor's " +
			"pilot consignment supplier dock docks driver drivers loading unloading invoice's warranty's " +
			// Fourth round: more words of business text, so that the model
			// reads more English customer messages (docs/sentiment.md).
			"staff branch branches contractor contractors consultant consultants supplies forklift truck trucks " +
			"vans fleet payroll reconciliation handover rota permits scaffolding canteen stocktake vat generator " +
			"facilities tariff recall cleaners certified certificates logbooks stock-take paperwork shipped",
		bGot: "got get gets contained contains charged billed invoiced delivered sent received shipped box crate carton pallet parcel shipment delivery",
	},
	cues: map[string]cue{
		// Unmet promises and waiting.
		"promised": {-1.0, kFixed}, "assured": {-0.8, kFixed}, "keep being told": {-1.2, kRepeat},
		"after the deadline": {-1.5, kPlain}, "past the deadline": {-1.5, kPlain}, "than agreed": {-1.2, kTopic},
		"no longer": {-1.0, kPlain}, "anymore": {-0.8, kPlain}, "passed inspection": {1.0, kPlain},
		"passed the inspection": {1.0, kPlain}, "same story": {-1.2, kRepeat}, "not another": {-1.0, kPlain},
		"expected more": {-1.2, kPlain}, "stood still": {-1.8, kPlain}, "standing still": {-1.8, kPlain},
		"charged twice": {-1.8, kPlain}, "billed twice": {-1.8, kPlain}, "only every": {-1.0, kPlain},
		"just works": {1.5, kPlain}, "simply works": {1.5, kPlain},
		"handy": {1.5, kPlain}, "would order": {1.2, kPlain}, "would buy": {1.2, kPlain},
		"will order again": {1.2, kPlain}, "was supposed to": {-1.0, kFixed}, "were supposed to": {-1.0, kFixed},
		"clear customs": {0, kPlain}, "nice touch": {0, kSarc}, "outside the specification": {-1.5, kPlain},
		"out of spec": {-1.5, kPlain}, "outside the spec": {-1.5, kPlain}, "within spec": {1.0, kPlain},
		"within the specification": {1.0, kPlain}, "stayed late": {1.2, kPlain}, "hung up": {-1.5, kPlain},
		"taken longer": {-1.2, kPlain}, "took longer": {-1.2, kPlain}, "should have": {-1.0, kFixed},
		"now urgent": {-1.2, kPlain}, "everything correct": {1.2, kPlain}, "ahead of plan": {1.3, kPlain}, "everything worked": {1.2, kPlain}, "as an example": {1.0, kPlain}, "makes up for": {1.2, kPlain},
		"follow up again": {-1.0, kRepeat}, "following up again": {-1.0, kRepeat},
		"as promised": {1.4, kPlain}, // Repetition.
		"once again":  {0, kRepeat}, "once more": {0, kRepeat}, "yet another": {0, kRepeat},
		"every time": {0, kRepeat}, "each time": {0, kRepeat}, "every single time": {0, kRepeat},
		"every single": {0, kRepeat}, "happens every": {0, kRepeat},
		"this happens": {0, kRepeat}, "keep getting": {0, kRepeat}, "keeps happening": {0, kRepeat},
		"second time": {0, kRepeat}, "third time": {0, kRepeat}, "fourth time": {0, kRepeat},
		"fifth time": {0, kRepeat}, "for the second time": {0, kRepeat}, "for the third time": {0, kRepeat},
		"for the fourth time": {0, kRepeat}, "for the fifth time": {0, kRepeat},
		// Time against expectation.
		"twice as long": {-1.6, kPlain}, "three times as long": {-1.6, kPlain}, "turned into": {-0.8, kPlain}, "has become": {-0.5, kPlain},
		// Business impact and failure.
		"line down": {-1.8, kPlain}, "had to cancel": {-1.5, kPlain}, "had to redo": {-1.5, kPlain}, "has stopped": {-1.5, kPlain}, "have stopped": {-1.5, kPlain}, "stopped working": {-1.8, kPlain},
		"out of service": {-1.8, kPlain},
		"standstill":     {-1.5, kPlain},
		"downhill":       {-1.5, kPlain}, "step backwards": {-1.5, kPlain}, "step back": {-1.2, kPlain},
		"a joke": {-1.8, kPlain}, "leaks": {-1.5, kPlain},
		"chase": {-1.2, kPlain}, "chasing": {-1.2, kPlain}, "has come back": {-1.2, kPlain},
		"have come back": {-1.2, kPlain}, "nothing here": {-1.5, kPlain}, "we expected": {-1.2, kPlain},
		"saves": {1.5, kPlain}, "informative": {1.5, kPlain}, "justify": {1.2, kPlain},
		"sceptical": {-1.0, kPlain},
		"rusty":     {-1.5, kPlain}, "rusted": {-1.5, kPlain}, "dead on arrival": {-2.5, kPlain},
		"than ordered": {-1.2, kTopic}, "above the quote": {-1.2, kTopic}, "half of what": {-1.2, kPlain},
		"arrived without": {-1.5, kPlain}, "came without": {-1.5, kPlain},
		"elsewhere": {-1.2, kPlain}, "nothing but": {-1.0, kPlain},
		"were gone": {-1.2, kPlain}, "is missing": {-1.5, kPlain}, "are missing": {-1.5, kPlain},
		"was missing": {-1.5, kPlain}, "were missing": {-1.5, kPlain}, "missing from": {-1.5, kPlain},
		// Sarcasm markers.
		"just great": {-1.0, kSarc}, "oh wonderful": {0, kSarc}, "love how": {0, kSarc}, "nice to know": {0, kSarc},
		"amazing how": {0, kSarc}, "thanks for nothing": {-2.0, kSarc}, "what a surprise": {0, kSarc2},
		"oh great": {0, kSarc2}, "oh good": {0, kSarc2},
		// Deviations, cancellation and escalation: topics, neutral in
		// questions and requests ("Can we get the 110 V version instead?").
		"instead of": {-1.2, kTopic}, "another supplier": {-1.5, kTopic}, "other suppliers": {-1.5, kTopic},
		"different supplier": {-1.5, kTopic}, "alternative suppliers": {-1.5, kTopic}, "alternative supplier": {-1.5, kTopic},
		"switch suppliers": {-1.5, kTopic}, "escalate": {-1.3, kTopic},
		"escalating": {-1.3, kTopic}, "escalated": {-1.3, kTopic}, "escalation": {-1.0, kTopic},
		"our lawyer": {-1.3, kTopic}, "our lawyers": {-1.3, kTopic}, "legal department": {-1.2, kTopic},
		"terminate": {-1.2, kTopic}, "termination": {-1.2, kTopic}, "reconsider": {-1.2, kTopic},
		"reconsidering": {-1.2, kTopic}, "not renew": {-1.5, kTopic}, "had to": {0, kHad},
		"only half": {-1.5, kPlain}, "only a third": {-1.5, kPlain}, "the agreed": {0, kPlain}, "support agreement": {0, kPlain},
		"framework agreement": {0, kPlain}, "service agreement": {0, kPlain}, "by hand": {0, kPlain}, // Requests and questions at the start.
		"could you": {0, kReq}, "can you": {0, kReq}, "would you": {0, kReq}, "will you": {0, kReq},
		"we need": {0, kReq}, "we would like": {0, kReq}, "we'd like": {0, kReq}, "i would like": {0, kReq},
		"i'd like": {0, kReq}, "send me": {0, kReq}, "send us": {0, kReq},
		"can you tell": {0, kQ}, "could you tell": {0, kQ}, "can you explain": {0, kQ},
		"could you explain": {0, kQ}, "do you know": {0, kQ},
		"would like": {0, kPlain},
		// Evaluative questions.
		"how is it possible": {-0.8, kEval}, "how many times": {-1.0, kEval}, "how often": {0, kEval},

		// Plain praise.
		"same day": {1.3, kPlain}, "same afternoon": {1.3, kPlain}, "within the hour": {1.3, kPlain},
		"before we even": {1.3, kPlain}, "before we noticed": {1.3, kPlain},
		"as planned": {1.2, kPlain}, "according to plan": {1.2, kPlain}, "without a hitch": {1.8, kPlain},
		"back up": {1.2, kPlain}, "up and running": {1.5, kPlain}, "running again": {1.2, kPlain},
		"worth every": {1.8, kPlain}, "couldn't have asked for more": {2.0, kPlain},
		"ten out of ten": {2.5, kPlain}, "that's how": {1.5, kPlain}, "should be": {0, kPlain}, "extending the contract": {1.5, kPlain},
		"undamaged": {1.2, kPlain}, "problem solved": {1.5, kPlain}, "issue resolved": {1.5, kPlain},
		"first call":      {0.8, kPlain},
		"found the cause": {1.2, kPlain}, "made it": {1.2, kPlain}, "no downtime": {1.2, kPlain},
		"no findings": {1.0, kPlain}, "not one finding": {1.2, kPlain}, "no surprises": {1.2, kPlain}, "warned us": {1.2, kPlain},
		"went smoothly": {1.5, kPlain}, "please finally": {-1.5, kPlain}, "held up": {1.3, kPlain}, "lost confidence": {-2.0, kPlain}, "lost trust": {-2.0, kPlain}, "nothing has changed": {-1.5, kPlain},
		"nothing changed": {-1.5, kPlain}, "end the contract": {-1.5, kTopic}, "end our contract": {-1.5, kTopic}, "not a scratch": {1.5, kPlain}, "in no time": {1.5, kPlain}, "paid for itself": {1.5, kPlain},
		"punctual": {1.5, kPlain}, "nobody seems": {-1.2, kPlain}, "no one seems": {-1.2, kPlain}, "same excuse": {-1.5, kPlain}, "left out": {-1.2, kPlain}, "not a single finding": {1.2, kPlain}, "last chance": {-1.5, kTopic}, "halved": {1.0, kPlain},
		"down by half": {1.0, kPlain}, "next morning": {1.0, kPlain}, "by noon": {0.8, kPlain},
		"on day one":   {1.2, kPlain},
		"from day one": {1.2, kPlain}, "exactly on": {1.0, kPlain}, "passed our": {1.0, kPlain},
	},
	defects: map[string]float32{
		"bent": -1.3, "dented": -1.3, "scratched": -1.3, "cracked": -1.5, "soaked": -1.2, "mouldy": -1.8,
		"moldy": -1.8, "corroded": -1.5, "jammed": -1.3, "misaligned": -1.2, "timeout": -1.3, "timeouts": -1.3, "slower": -1.2, "scratches": -1.2,
		"backordered": -1.0, "mislabelled": -1.3, "mislabeled": -1.3, "unreadable": -1.2, "contaminated": -1.8,
		"too short": -1.3, "too big": -1.0, "too large": -1.0,
		"too thin": -1.0, "too thick": -1.0, "offline": -1.5, "blocked": -1.3, "stuck": -1.5,
		"glitch": -1.2, "glitches": -1.2, "unplanned": -1.0, "collapsed": -1.5, "contamination": -1.5, "breaks": -1.2, "drains": -1.2, "upside down": -1.2, "out of stock": -1.0, "overbilled": -1.8,
	},
	problem: []string{
		"error", "defect", "damag", "broke", "fault", "fail", "outage", "downtime", "problem", "issue",
		"bug", "crash", "delay", "late", "missing", "lost", "loss", "complain", "claim", "penalt",
		"cancel", "reject", "worn", "crack", "leak", "incident", "recall", "block", "critical",
		"urgent", "emergency", "repair", "rust", "corros", "dispute", "risk", "hazard", "wrong",
	},
}

var germanB2B = b2bSpec{
	flags: map[bflag]string{
		bQStart: "wie was wo welche welcher welches welchen wer wen wem wann warum wieso weshalb woher " +
			"wohin wozu ist sind gibt gilt kann können könnte könnten darf dürfen muss müssen soll sollen " +
			"sollte sollten werden wird hat haben hätte",
		bReqStart: "bitte",
		bNotice:   "gelagert verpackt analyse anbei angehängt angehängte angehängten beigefügt anhang referenz erfasst geplant geplante weitergeleitet info gemeldet büro abgeholt abholung holt eingereicht urlaub",
		bEval:     "immer eigentlich ernst ernsthaft überhaupt jemals",
		bOne:      "ein eine einer einem einen eines",
		bZero:     "null",
		bSingle:   "einziger einzige einziges einzigen",
		bDay:      "tag tage tagen tages werktag werktage werktagen arbeitstag arbeitstage arbeitstagen",
		bWeek:     "woche wochen",
		bPassNeg:  "niemand keiner nie niemals",
		bElapsed:  "jetzt",
		bFailVerb: "fällt fallen fiel fielen bricht brechen brach stürzt stürzen stürzte fährt",
		bDown:     "down",
		bBe:       "ist sind war waren",
		bState:    "offen ausstehend ungelöst unbezahlt unbeantwortet unterwegs im in brauchen benötigen liegt liegen",
		bOrdinal:  "zweite zweiten dritte dritten vierte vierten fünfte fünften sechste sechsten",
		bRepNoun:  "mal ticket anruf mail e-mail erinnerung reklamation anfrage versuch",
		bWithout:  "ohne",
		bStill:    "noch weiterhin bisher",
		bExpect: "angekommen ankommen ankam kam kamen kommt kommen gekommen eingetroffen eintreffen eingegangen " +
			"geliefert liefern lieferung lieferungen geschickt schicken verschickt versendet versandt raus " +
			"erhalten bekommen geantwortet antwort antworten rückruf zurückgerufen zurück gemeldet meldet " +
			"meldung rückmeldung reaktion reagiert lösung gelöst behoben beheben repariert funktioniert " +
			"funktionieren geht läuft laufen lief verbindet verbunden startet gestartet begonnen passiert " +
			"erledigt erschienen aufgetaucht bestätigt bestätigung information nachricht neues wort " +
			"sendungsnummer gutschrift erstattung entschuldigung lieferschein ersatz update abgeholt " +
			"verlassen fertig vollständig unterschreiben abzuschließen abgeschlossen pünktlich angerufen abgenommen erreicht erreichbar gesagt " +
			"informiert eingehalten auftragsbestätigung anleitung gehört übernommen versenden verschicken senden sagen erklären zugewiesen versandt bearbeitet gutgeschrieben vorwarnung ankündigung " +
			"getauscht ausgetauscht stimmt stimmen passt passen zertifikat zertifikate zeugnis zeugnisse prüfzeugnis prüfzeugnisse papiere unterlagen dokumente packliste datenblatt überein sendung verlängern",
		bNothing: "nichts",
		bWait:    "warten warte wartet wartete warteten gewartet wartens nachfragen nachfrage",
		bRepeat:  "wieder nochmal nochmals dieselbe derselbe dasselbe denselben gleiche gleichen",
		bSince:   "seit ewig ewigkeit ewigkeiten",
		bOpener: "toll toller tolle tolles super klasse spitze spitzenservice prima wunderbar genial geniale reizend schön " +
			"perfekt perfektes perfekte fantastisch großartig hervorragend herrlich",
		bUnit:      "minute minuten stunde stunden tag tage tagen woche wochen wochenende monat monate monaten std h werktag werktage werktagen arbeitstag arbeitstage arbeitstagen",
		bSmallUnit: "minute minuten stunde stunden std",
		bNum: "ein eine einer einem einen zwei drei vier fünf sechs sieben acht neun zehn elf zwölf " +
			"fünfzehn zwanzig dreißig vierzig fünfzig neunzig hundert paar",
		bPolite:  "danke dank vielen herzlichen schätzen hoffe hoffen grüße grüßen freundlichen freundliche respekt geduld bemühungen hilfe entschuldigung entschuldigen sorry gut beste besten",
		bFor:     "für um",
		bTook:    "dauert dauerte dauerten gedauert gebraucht brauchte geworden wurden",
		bOnly:    "nur lediglich bloß",
		bWithin:  "innerhalb binnen",
		bOrdered: "bestellt",
		bDone:    "eingebaut geliefert verschickt installiert montiert da",
		bStand:   "steht stehen stand standen",
		bProd:    "produktion linie anlage band fertigung maschine maschinen werk betrieb abfüllanlage",
		bOf:      "von",
		bArticle: "den die der dem unseren unserer ihren ihrer diesen",
		bImpact: "mieten gemietet kaufen gekauft zahlen bezahlen gezahlt bezahlt einfliegen drucken sortieren " +
			"abstellen stoppen gestoppt anhalten wegwerfen entsorgen nacharbeiten besorgen nachbestellen " +
			"manuell manuelle manuellen hand überstunden kosten stilllegen heimschicken nachsortieren umetikettieren " +
			"aufpreis teuer",
		bCurrency:  "dollar us-dollar euro eur franken chf pfund gbp yen yuan",
		bOrderRef:  "bestellt bestellte bestellten bestellung bestellmenge lieferschein auftragsbestätigung rechnung zeichnung laut",
		bIDNoun:    "bestellung auftrag ticket rechnung los charge nr artikel version kw woche fall",
		bRegret:    "leider bedauerlicherweise",
		bPlan:      "geplant angesetzt vereinbart vereinbarte zugesagt versprochen laut sla angegeben veranschlagt sollte erwartet fällig bestätigt hieß angekündigt versprochene zugesagte",
		bTimePoint: "um montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz april mai juni juli august september oktober november dezember kw woche",
		bAll:       "alle sämtliche",
		bStartEv:   "eingereicht gemeldet bestellt eröffnet angefragt angelegt geschickt aufgegeben",
		bDecrease:  "gesunken sinkt sank halbiert reduziert gesenkt zurückgegangen gefallen verringert",
		bMetric:    "kosten zeit zeiten quote rate ausschuss ausfälle stillstand reklamationen retouren bruch",
		bGone:      "weg verschwunden behoben gelöst",
		bIf:        "wenn falls sobald ob",
		bBiz: "bestellung bestellungen bestellt bestellte nachbestellt lieferung lieferungen geliefert liefertermin lieferzeit " +
			"lieferschein rechnung rechnungen abrechnung gutschrift angebot angebote vertrag verträge rahmenvertrag lieferant " +
			"lieferanten anbieter kunde kunden kundenservice support ticket tickets hotline techniker monteur monteure montage " +
			"wartung reparatur ersatzteil ersatzteile garantie gewährleistung palette paletten karton kartons paket pakete " +
			"sendung sendungen spedition lager ware maschine maschinen anlage produktion baustelle software portal lizenz " +
			"schulung migration schnittstelle server zahlung zahlungen preis preise preiserhöhung rabatt muster charge stück " +
			"auftrag aufträge projekt außendienst vertrieb einkauf service zoll sla frist liefertermine ansprechpartner",
		bInstead:  "statt anstatt anstelle",
		bGot:      "bekommen erhalten enthielt enthalten berechnet geliefert geschickt geschickte verschickt kam kamen kiste karton palette paket sendung lieferung",
		bVerbLast: "bekommen erhalten enthalten berechnet geliefert geschickt verschickt",
	},
	cues: map[string]cue{
		// Unmet promises and waiting.
		"zugesagt": {-1.0, kFixed}, "zugesagte": {-1.0, kFixed}, "zugesagten": {-1.0, kFixed},
		"versprochen": {-1.0, kFixed}, "versprochene": {-1.0, kFixed}, "versprochenen": {-1.0, kFixed},
		"zugesichert": {-0.8, kFixed}, "nach der frist": {-1.5, kPlain}, "als vereinbart": {-1.2, kTopic},
		"nicht mehr": {-1.2, kPlain}, "keine weitere": {-1.0, kPlain}, "keine weiteren": {-1.0, kPlain},
		"mehr erwartet": {-1.2, kPlain}, "zweimal berechnet": {-1.8, kPlain}, "nur noch": {-1.0, kPlain},
		"funktioniert einfach": {1.5, kPlain}, "sollte eigentlich": {-1.0, kFixed}, "nette geste": {0, kSarc},
		"außerhalb der spezifikation": {-1.5, kPlain}, "außerhalb der toleranz": {-1.5, kPlain},
		"innerhalb der spezifikation": {1.0, kPlain}, "länger geblieben": {1.2, kPlain}, "ab sofort": {0, kPlain},
		"hinterher": {-1.2, kPlain}, "aufgelegt": {-1.5, kPlain}, "länger gedauert": {-1.2, kPlain},
		"inzwischen dringend": {-1.2, kPlain}, "mittlerweile dringend": {-1.2, kPlain}, "alles korrekt": {1.2, kPlain},
		"nach dem geplanten": {-1.0, kFixed}, "vor plan": {1.3, kPlain}, "lief alles": {1.2, kPlain}, "würden wieder": {1.2, kPlain}, "würden jederzeit wieder": {1.2, kPlain}, "als beispiel": {1.0, kPlain}, "wett": {1.2, kPlain}, "noch einmal nachfrage": {-1.0, kRepeat}, "noch einmal nachfragen": {-1.0, kRepeat},
		"wie versprochen": {1.4, kPlain}, "wie zugesagt": {1.4, kPlain},
		"wo bleibt": {-1.2, kEval},
		// Repetition.
		"schon wieder": {0, kRepeat}, "immer wieder": {0, kRepeat}, "jedes mal": {0, kRepeat},
		"erneut": {0, kRepeat}, "zum zweiten mal": {0, kRepeat}, "zum dritten mal": {0, kRepeat},
		"zum vierten mal": {0, kRepeat}, "zum fünften mal": {0, kRepeat}, "das zweite mal": {0, kRepeat},
		"das dritte mal": {0, kRepeat}, "passiert jede": {0, kRepeat}, "passiert jeden": {0, kRepeat},
		"und wieder": {0, kRepeat},
		// Time against expectation.
		"doppelt so lange": {-1.6, kPlain}, "dreimal so lange": {-1.6, kPlain}, // Business impact and failure.
		"außer betrieb": {-1.8, kPlain}, "steht still": {-1.8, kPlain}, "hinterherlaufen": {-1.2, kPlain},
		"wieder aufgetreten": {-1.2, kPlain}, "nicht da": {-1.5, kPlain}, "nichts da": {-1.5, kPlain},
		"noch nicht da": {-2.0, kPlain}, "spart uns": {1.5, kPlain}, "rechtfertigen": {1.2, kPlain},

		"verpasst":  {-1.2, kPlain},
		"verpassen": {-1.2, kPlain}, "überstunden": {-1.0, kPlain}, "bergab": {-1.5, kPlain}, "rückschritt": {-1.5, kPlain}, "ein witz": {-1.8, kPlain},
		"tropft": {-1.2, kPlain}, "rostig": {-1.5, kPlain}, "als bestellt": {-1.2, kTopic}, "über dem angebot": {-1.2, kTopic},
		"kam ohne": {-1.5, kPlain}, "kamen ohne": {-1.5, kPlain}, "woanders": {-1.2, kPlain},
		"nichts als": {-1.0, kPlain}, "fehlt": {-1.3, kPlain}, "fehlen": {-1.3, kPlain},
		"fehlte": {-1.3, kPlain}, "fehlten": {-1.3, kPlain}, "tot": {-1.5, kPlain},
		"bricht ab": {-1.5, kPlain}, "doppelte": {-0.5, kPlain},
		// Sarcasm markers.
		"na toll": {-1.0, kSarc}, "na super": {-1.0, kSarc}, "na prima": {-1.0, kSarc},
		"oh wie schön":  {0, kSarc},
		"gut zu wissen": {0, kSarc}, "danke für nichts": {-2.0, kSarc}, "erstaunlich wie": {0, kSarc},
		"welch überraschung": {0, kSarc2}, "was für eine überraschung": {0, kSarc2}, "na großartig": {-1.0, kSarc},
		"na wunderbar": {-1.0, kSarc}, "na klasse": {-1.0, kSarc},
		// Deviations, cancellation and escalation: topics, neutral in
		// questions and requests.
		"statt": {-1.2, kTopic}, "anstatt": {-1.2, kTopic}, "anstelle": {-1.2, kTopic},
		"anderen lieferanten": {-1.5, kTopic}, "anderen lieferant": {-1.5, kTopic},
		"eskaliere": {-1.3, kTopic}, "eskalieren": {-1.3, kTopic}, "eskaliert": {-1.3, kTopic},
		"eskalation": {-1.0, kTopic}, "unseren anwalt": {-1.3, kTopic}, "unsere anwälte": {-1.3, kTopic},
		"rechtsabteilung": {-1.0, kTopic}, "überdenken": {-1.2, kTopic}, "überschritten": {-1.2, kTopic},
		"mussten": {0, kHad}, "musste": {0, kHad},
		"nur die hälfte": {-1.5, kPlain}, "nur halb": {-1.3, kPlain}, "nur ein drittel": {-1.5, kPlain},
		// Requests and questions at the start.
		"könnten sie": {0, kReq}, "können sie": {0, kReq}, "würden sie": {0, kReq},
		"wir brauchen": {0, kReq}, "wir benötigen": {0, kReq}, "wir hätten gern": {0, kReq},
		"wir hätten gerne": {0, kReq}, "wir möchten": {0, kReq}, "ich möchte": {0, kReq},
		"schicken sie": {0, kReq}, "senden sie": {0, kReq}, "geben sie": {0, kReq}, "teilen sie": {0, kReq},
		"können sie mir sagen": {0, kQ}, "könnten sie mir sagen": {0, kQ}, "können sie erklären": {0, kQ},
		"wissen sie": {0, kQ},
		// Evaluative questions.
		"wie kann es sein": {-0.8, kEval}, "wie oft": {-0.5, kEval}, "liest eigentlich": {-0.5, kEval},
		// Plain praise.
		"am selben tag": {1.3, kPlain}, "selben nachmittag": {1.3, kPlain}, "wie geplant": {1.2, kPlain}, "nach plan": {1.2, kPlain}, "ohne haken": {1.5, kPlain},
		"läuft wieder": {1.2, kPlain}, "lief wieder": {1.2, kPlain}, "lief alles wieder": {1.2, kPlain},
		"so muss das": {1.8, kPlain}, "so stellt man sich": {1.8, kPlain},
		"zehn von zehn": {2.5, kPlain}, "mehr kann man nicht verlangen": {2.0, kPlain},
		"nichts auszusetzen": {1.8, kPlain}, "jeden cent wert": {1.8, kPlain}, "bestanden": {1.0, kPlain},
		"unbeschädigt": {1.2, kPlain}, "geschafft": {1.2, kPlain},
		"bevor wir": {1.0, kPlain}, "halbiert": {1.0, kPlain}, "zurecht": {1.0, kPlain},
		"wir empfehlen": {1.5, kPlain}, "weiten den vertrag": {1.5, kPlain}, "problem gelöst": {1.5, kPlain},
		"beim ersten anruf": {0.8, kPlain}, "am nächsten morgen": {1.0, kPlain}, "bis mittag": {0.8, kPlain},
		"sofort": {1.0, kPlain}, "umgehend": {1.0, kPlain}, "vom ersten tag": {1.2, kPlain}, "keine einzige feststellung": {1.2, kPlain}, "keine überraschungen": {1.2, kPlain}, "uns gewarnt": {1.2, kPlain},
		"uns vorgewarnt": {1.2, kPlain}, "lief glatt": {1.5, kPlain}, "endlich zu": {-1.5, kPlain}, "bitte endlich": {-1.5, kPlain}, "es satt": {-2.0, kPlain},
		"die nase voll": {-2.0, kPlain}, "wieder bei ihnen": {1.2, kPlain}, "vertrauen verloren": {-2.0, kPlain}, "nichts geändert": {-1.5, kPlain}, "beenden wir den vertrag": {-1.5, kTopic},
		"den vertrag beenden": {-1.5, kTopic}, "kein kratzer": {1.5, kPlain}, "keinen kratzer": {1.5, kPlain}, "im handumdrehen": {1.5, kPlain}, "bezahlt gemacht": {1.5, kPlain}, "keiner scheint": {-1.2, kPlain}, "niemand scheint": {-1.2, kPlain}, "ging glatt": {1.5, kPlain}, "lief alles glatt": {1.5, kPlain},
		"dieselbe ausrede": {-1.5, kPlain}, "die gleiche ausrede": {-1.5, kPlain}, "letzte chance": {-1.5, kTopic}, "keine beanstandungen": {1.2, kPlain},
	},
	defects: map[string]float32{
		"verbogen": -1.5, "zerdrückt": -1.3, "kratzer": -1.2, "eingedrückt": -1.5, "gerissen": -1.5, "verschimmelt": -1.8, "verrostet": -1.5,
		"undicht": -1.5, "abgelaufen": -1.0, "verunreinigt": -1.8, "zerbrochen": -1.8, "timeout": -1.3,
		"timeouts": -1.3, "ungeplant": -1.0, "eingebrochen": -1.5, "verunreinigung": -1.5, "gebrochen": -1.5, "brechen": -1.2, "leer": -0.8, "zeitüberschreitung": -1.3, "zeitüberschreitungen": -1.3, "klemmt": -1.3,
		"falsch herum": -1.2, "zu kurz": -1.3, "zu lang": -1.0, "zu klein": -1.2, "zu groß": -1.0,
		"zu dünn": -1.0, "zu dick": -1.0, "offline": -1.5, "blockiert": -1.3, "nicht lieferbar": -1.0, "doppelt berechnet": -1.8,
	},
	problem: []string{
		"fehler", "defekt", "schad", "schäd", "kaputt", "störung", "ausfall", "ausfäll", "problem",
		"reklam", "beschwer", "verspät", "verzöger", "mangel", "mängel", "strafe", "abgelehnt",
		"absturz", "verschliss", "undicht", "riss", "gerissen", "rost", "korros", "verlust",
		"verloren", "storn", "sperr", "kritisch", "warn", "fehlend", "beschädigt", "falsch", "ausgefallen",
	},
}
