//! Word lists the card reader classifies lines with. Matching is case-insensitive on whole
//! words (or on substrings for scripts written without spaces). Kept small and sorted by
//! purpose: a missing word lowers recall on a field, a wrong one costs precision elsewhere.

/// Words that make a line a job title.
pub const TITLE_WORDS: &[&str] = &[
    // English
    "accountant", "advisor", "adviser", "agent", "analyst", "architect", "assistant", "associate",
    "attorney", "auditor", "broker", "buyer", "ceo", "cfo", "chair", "chairman", "chairwoman",
    "chief", "cio", "cmo", "coach", "consultant", "coo", "coordinator", "counsel", "cpo", "cto",
    "curator", "designer", "developer", "director", "economist", "editor", "engineer", "evp",
    "executive", "founder", "co-founder", "cofounder", "head", "intern", "investor", "journalist",
    "lawyer", "lead", "lecturer", "manager", "member", "nurse", "officer", "operator", "owner",
    "paralegal", "partner", "pharmacist", "photographer", "physician", "planner", "president",
    "principal", "producer", "professor", "programmer", "recruiter", "representative", "researcher",
    "scientist", "secretary", "specialist", "strategist", "supervisor", "surgeon", "svp",
    "teacher", "technician", "therapist", "treasurer", "trainer", "underwriter", "vp", "writer",
    // German
    "berater", "beraterin", "geschäftsführer", "geschäftsführerin", "ingenieur", "ingenieurin",
    "leiter", "leiterin", "vertrieb", "prokurist", "referent", "referentin", "entwickler",
    "entwicklerin", "inhaber", "inhaberin", "vorstand", "projektleiter", "abteilungsleiter",
    // French
    "chargé", "chargée", "chef", "consultante", "directeur", "directrice", "gérant", "gérante",
    "ingénieur", "ingénieure", "responsable", "associé", "associée", "avocat", "avocate",
    // Spanish / Portuguese / Italian
    "abogado", "abogada", "asesor", "asesora", "coordinador", "coordinadora", "diretor", "diretora",
    "director", "directora", "gerente", "ingeniero", "ingeniera", "jefe", "jefa", "socio", "socia",
    "presidente", "consulente", "direttore", "direttrice", "responsabile", "analista",
    "desarrollador", "desarrolladora", "engenheiro", "engenheira", "sócio", "sócia",
    // Dutch / Nordic
    "adviseur", "directeur-eigenaar", "eigenaar", "medewerker", "projectleider", "verkoper",
    "konsult", "chef", "utvecklare", "vd",
];

/// Titles in scripts written without spaces: matched as substrings.
pub const CJK_TITLE_WORDS: &[&str] = &[
    "代表取締役", "取締役", "社長", "部長", "課長", "係長", "主任", "室長", "本部長", "執行役員",
    "マネージャー", "エンジニア", "コンサルタント", "デザイナー", "営業", "総経理", "总经理", "经理",
    "經理", "总监", "總監", "董事长", "董事長", "董事", "主管", "工程师", "工程師", "顾问", "顧問",
    "主任", "副总裁", "副總裁", "总裁", "總裁", "首席", "创始人", "創辦人", "合伙人", "대표",
    "대표이사", "부장", "과장", "차장", "팀장", "이사", "사원", "대리", "실장", "매니저", "엔지니어",
    "教授", "研究员", "研究員", "律师", "律師", "会计师", "會計師",
];

/// Phrases that turn a title-looking line into a department or a tagline instead.
pub const NOT_TITLE_WORDS: &[&str] = &["we", "our", "your", "you", "since", "est.", "www"];

/// Legal forms and organization words that make a line an organization name.
pub const ORG_SUFFIXES: &[&str] = &[
    "a/s", "ab", "ag", "aps", "as", "asa", "b.v.", "bv", "co", "co.", "company", "corp", "corp.",
    "corporation", "cv", "e.k.", "e.v.", "gbr", "gmbh", "gmbh & co. kg", "inc", "inc.",
    "incorporated", "k.k.", "kg", "kk", "limited", "llc", "l.l.c.", "llp", "ltd", "ltd.", "ltda",
    "ltda.", "n.v.", "nv", "oy", "oyj", "p.c.", "pc", "plc", "pllc", "pte", "pty", "s.a.", "s.a",
    "sa", "s.a.s.", "sas", "s.l.", "sl", "s.p.a.", "spa", "s.r.l.", "srl", "s.r.o.", "sarl",
    "s.a.r.l.", "sàrl", "s.a. de c.v.", "sa de cv", "s. de r.l.", "ug", "zrt", "kft", "sp. z o.o.",
];

/// Words common in organization names (not legal forms): weaker evidence.
pub const ORG_WORDS: &[&str] = &[
    "agency", "associates", "bank", "capital", "clinic", "college", "consulting", "foundation",
    "group", "holdings", "hospital", "institute", "labs", "laboratories", "law", "media", "partners",
    "school", "solutions", "studio", "studios", "systems", "technologies", "technology", "university",
    "universität", "université", "universidad", "ventures", "works", "analytics", "software",
    "logistics", "robotics", "networks", "industries", "architects", "engineering", "design",
    "advisors", "fund", "trust", "network",
];

/// Organization forms in scripts without spaces: matched as substrings.
pub const CJK_ORG_MARKS: &[&str] = &[
    "株式会社", "有限会社", "合同会社", "(株)", "（株）", "有限公司", "股份有限公司", "集团", "集團",
    "公司", "事务所", "事務所", "研究所", "大学", "大學", "銀行", "银行", "주식회사", "(주)", "㈜",
    "그룹", "대학교",
];

/// Honorifics kept apart from the name.
pub const HONORIFICS: &[&str] = &[
    "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx.", "prof", "prof.", "sir",
    "dame", "ing.", "ing", "dipl.-ing.", "lic.", "lic", "licda.", "arq.", "mag.", "mme", "mme.", "m.",
    "herr", "frau", "sr.", "sra.", "srta.", "dott.", "dott.ssa", "avv.", "rev.", "hon.", "eng.",
];

/// Post-nominal credentials kept apart from the name.
pub const CREDENTIALS: &[&str] = &[
    "phd", "ph.d.", "ph.d", "md", "m.d.", "mba", "cpa", "cfa", "pe", "p.e.", "leed ap", "leed",
    "esq", "esq.", "jd", "j.d.", "rn", "dds", "pmp", "cissp", "msc", "m.sc.", "bsc", "ma", "ms",
    "jr", "jr.", "sr", "iii", "ii", "frcs", "fca", "acca", "cima", "shrm-cp", "aia", "ceng", "mieee",
];

/// Phone labels and the kind they mean, compared on the label's letters lower-cased.
pub const PHONE_LABELS: &[(&str, &str)] = &[
    ("m", "mobile"), ("mob", "mobile"), ("mobile", "mobile"), ("cell", "mobile"), ("c", "mobile"),
    ("mobil", "mobile"), ("handy", "mobile"), ("cel", "mobile"), ("celular", "mobile"),
    ("móvil", "mobile"), ("movil", "mobile"), ("portable", "mobile"), ("port", "mobile"),
    ("gsm", "mobile"), ("telemóvel", "mobile"), ("cellulare", "mobile"), ("携帯", "mobile"),
    ("手机", "mobile"), ("手機", "mobile"), ("휴대폰", "mobile"), ("핸드폰", "mobile"), ("hp", "mobile"),
    ("t", "work"), ("tel", "work"), ("tel.", "work"), ("telephone", "work"), ("phone", "work"),
    ("p", "work"), ("ph", "work"), ("o", "work"), ("office", "work"), ("work", "work"),
    ("w", "work"), ("d", "work"), ("direct", "work"), ("dir", "work"), ("fon", "work"),
    ("telefon", "work"), ("teléfono", "work"), ("telefono", "work"), ("tél", "work"),
    ("téléphone", "work"), ("電話", "work"), ("电话", "work"), ("電話番号", "work"), ("전화", "work"),
    ("main", "main"), ("b", "work"), ("bus", "work"), ("business", "work"),
    ("h", "home"), ("home", "home"), ("privat", "home"),
    ("f", "fax"), ("fax", "fax"), ("telefax", "fax"), ("ファックス", "fax"), ("传真", "fax"),
    ("傳真", "fax"), ("팩스", "fax"),
];

/// Labels in front of e-mails, websites and handles, dropped before a line is classified.
pub const OTHER_LABELS: &[&str] = &[
    "e", "e-mail", "email", "mail", "correo", "courriel", "メール", "邮箱", "電郵", "이메일", "web",
    "w", "www", "website", "site", "url", "internet", "homepage",
];

/// Words and abbreviations that make a line part of a street address.
pub const STREET_WORDS: &[&str] = &[
    "street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard", "blvd", "blvd.",
    "drive", "dr.", "lane", "ln", "way", "court", "ct", "place", "pl", "plaza", "square", "sq",
    "suite", "ste", "ste.", "floor", "fl", "fl.", "unit", "building", "bldg", "parkway", "pkwy",
    "highway", "hwy", "terrace", "circle", "row", "close", "crescent", "mews", "p.o.", "po",
    "box", "straße", "strasse", "str.", "weg", "platz", "allee", "gasse", "ring", "damm", "ufer",
    "rue", "av.", "bd", "boulevard", "chemin", "impasse", "quai", "calle", "c/", "avenida", "av",
    "paseo", "carrera", "piso", "via", "viale", "piazza", "corso", "rua", "travessa", "praça",
    "straat", "laan", "plein", "gracht", "gatan", "vägen", "gade", "vej", "ulica", "ul.",
];

/// Street and address marks in scripts without spaces.
pub const CJK_ADDRESS_MARKS: &[&str] = &[
    "〒", "丁目", "番地", "都", "道", "府", "県", "市", "区", "町", "村", "路", "号", "號", "街", "省",
    "大厦", "大廈", "楼", "樓", "室", "ビル", "階", "구", "동", "로", "길", "층",
];

/// Countries as printed on cards, for the last address line.
pub const COUNTRIES: &[&str] = &[
    "usa", "u.s.a.", "united states", "united states of america", "canada", "mexico", "méxico",
    "united kingdom", "uk", "england", "scotland", "ireland", "germany", "deutschland", "france",
    "spain", "españa", "italy", "italia", "portugal", "netherlands", "nederland", "the netherlands",
    "belgium", "belgique", "switzerland", "schweiz", "suisse", "austria", "österreich", "sweden",
    "sverige", "norway", "norge", "denmark", "danmark", "finland", "suomi", "poland", "polska",
    "japan", "日本", "china", "中国", "中國", "hong kong", "taiwan", "台灣", "korea", "south korea",
    "대한민국", "singapore", "india", "australia", "new zealand", "brazil", "brasil", "argentina",
    "chile", "colombia", "peru", "perú", "south africa", "nigeria", "kenya", "egypt", "israel",
    "turkey", "türkiye", "uae", "united arab emirates",
];

/// Free-mail domains: an e-mail there says nothing about the employer.
pub const FREE_MAIL: &[&str] = &[
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.jp", "hotmail.com", "outlook.com",
    "live.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "protonmail.com",
    "proton.me", "qq.com", "163.com", "126.com", "naver.com", "yandex.ru", "mail.ru", "orange.fr",
];

/// Two-character Chinese family names (the rest are one character).
pub const COMPOUND_SURNAMES: &[&str] =
    &["欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "慕容", "令狐"];

/// Spanish and Portuguese particles that belong to the family name.
pub const NAME_PARTICLES: &[&str] =
    &["de", "del", "de la", "la", "las", "los", "y", "da", "das", "do", "dos", "van", "von", "der", "den", "di", "du", "le", "ter", "bin", "al"];

pub fn is_word_in(list: &[&str], word: &str) -> bool {
    let lower = word.to_lowercase();
    list.contains(&lower.as_str())
}
