//! The configurable entry point: which profile, which rules, how sure an edit must be.

use crate::candidates::Walks;
use crate::detect::{detect_with_counts, GlyphCounts};
use crate::diagnose::{diagnose, Diagnosis};
use crate::edit::{compose, normalize, Edit, Repair};
use crate::error::Error;
use crate::profile::DamageProfile;
use crate::rules::{
    restore_letters, spaced_for_detection, would_relayout, Context, Rule, RuleId, Stage,
    CHARACTER_STAGES, IMPLEMENTATIONS, LETTER_RESTORATION, RULES, STAGES, WORD_READING_LAYOUT,
};
use crate::token::has_arabic;
use std::borrow::Cow;

/// How many times detection is run again on the repaired text (see `Repairer::settle`).
const MAX_DETECTION_ROUNDS: usize = 3;
/// How many times the stages after detection run again on a repaired text whose word
/// spacing the rule would still change.
const MAX_SPACING_ROUNDS: usize = 3;
/// How many times a repaired text is repaired again while the character stages would
/// still change it (see `Repairer::settle_characters`).
const MAX_CHARACTER_ROUNDS: usize = 2;

/// Where the damage profile comes from.
///
/// ```
/// use tarmim::{ProfileChoice, Repairer};
/// let r = Repairer::new().profile(ProfileChoice::None);
/// assert!(r.repair("عل الطاولة").edits.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileChoice {
    /// Detected from each document's own glyph counts ([`crate::detect`]). A document
    /// too short to tell gets no glyph restoration.
    #[default]
    Auto,
    /// This profile, for every document.
    Given(DamageProfile),
    /// No glyph restoration at all (layout rules still run).
    None,
}

/// A reusable, configured repairer.
///
/// ```
/// use tarmim::{profile::DamageProfile, ProfileChoice, Repairer};
/// let r = Repairer::new()
///     .profile(ProfileChoice::Given("final-yeh".parse().unwrap()))
///     .min_confidence(0.5);
/// assert_eq!(r.repair("جاء ف الماض").text, "جاء في الماضي");
/// ```
#[derive(Clone, Debug)]
pub struct Repairer {
    profile: ProfileChoice,
    enabled: Vec<RuleId>,
    min_confidence: f32,
}

impl Default for Repairer {
    fn default() -> Repairer {
        Repairer::new()
    }
}

impl Repairer {
    /// Every rule, the default profile, and no confidence floor.
    pub fn new() -> Repairer {
        Repairer {
            profile: ProfileChoice::default(),
            enabled: RULES.iter().map(|r| r.id).collect(),
            min_confidence: 0.0,
        }
    }

    /// Sets where the damage profile comes from.
    ///
    /// ```
    /// let r = tarmim::Repairer::new().profile(tarmim::ProfileChoice::None);
    /// assert_eq!(r.profile_choice(), &tarmim::ProfileChoice::None);
    /// ```
    pub fn profile(mut self, choice: ProfileChoice) -> Repairer {
        self.profile = choice;
        self
    }

    /// The profile setting.
    pub fn profile_choice(&self) -> &ProfileChoice {
        &self.profile
    }

    /// Runs only these rules.
    ///
    /// ```
    /// let r = tarmim::Repairer::new().only_rules(&[]);
    /// assert!(r.repair("ف").edits.is_empty());
    /// ```
    pub fn only_rules(mut self, ids: &[RuleId]) -> Repairer {
        self.enabled = ids.to_vec();
        self
    }

    /// Runs only the rules named, by id; fails on an unknown id.
    ///
    /// ```
    /// assert!(tarmim::Repairer::new().only_rule_names(["glyph/restore-dropped-letters"]).is_ok());
    /// assert!(tarmim::Repairer::new().only_rule_names(["no/such"]).is_err());
    /// ```
    pub fn only_rule_names<'a>(
        self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<Repairer, Error> {
        let ids = names
            .into_iter()
            .map(str::parse)
            .collect::<Result<Vec<RuleId>, Error>>()?;
        Ok(self.only_rules(&ids))
    }

    /// Drops every edit whose confidence is below `min` (0 to 1).
    ///
    /// ```
    /// let r = tarmim::Repairer::new().min_confidence(1.1);
    /// assert!(r.repair("ف البيت").edits.is_empty());
    /// ```
    pub fn min_confidence(mut self, min: f32) -> Repairer {
        self.min_confidence = if min.is_nan() { 0.0 } else { min };
        self
    }

    /// The profile this repairer applies to `text`.
    ///
    /// ```
    /// let p = tarmim::Repairer::new().profile_for("نص قصير");
    /// assert!(p.is_empty());
    /// ```
    pub fn profile_for(&self, text: &str) -> DamageProfile {
        self.profile_and_edits(&self.letters(text).text, None).0
    }

    /// With the profile detected, `text` repaired by the stages that need no profile
    /// (lines written backwards, presentation forms, reversed ligatures): detection reads
    /// letters. Otherwise nothing is done here.
    fn letters<'t>(&self, text: &'t str) -> Repair<'t> {
        match self.profile {
            ProfileChoice::Auto => self.character_stages(text, &DamageProfile::default()),
            _ => Repair::from_edits(text, Vec::new()),
        }
    }

    /// The profile for `text`, and the letter restoration's edits with it when detection
    /// already made them.
    fn profile_and_edits<'t>(
        &self,
        text: &'t str,
        walks: Option<&Walks>,
    ) -> (DamageProfile, Option<Vec<Edit<'t>>>) {
        match &self.profile {
            ProfileChoice::Auto => match spaced_for_detection(text) {
                Cow::Borrowed(_) => {
                    let (detection, trial) =
                        detect_with_counts(text, &GlyphCounts::of(text), walks);
                    let profile = detection.profile();
                    let edits =
                        trial.and_then(|(tried, edits)| (tried == profile).then_some(edits));
                    (profile, edits)
                }
                // The trial restoration was made on other text: restoration runs again.
                Cow::Owned(spaced) => {
                    let counts = GlyphCounts::of(&spaced);
                    (
                        detect_with_counts(&spaced, &counts, walks).0.profile(),
                        None,
                    )
                }
            },
            ProfileChoice::Given(p) => (p.clone(), None),
            ProfileChoice::None => (DamageProfile::default(), None),
        }
    }

    /// Repairs `text`.
    ///
    /// ```
    /// use tarmim::{ProfileChoice, Repairer};
    /// let sample = Repairer::new().profile(ProfileChoice::Given("sample".parse().unwrap()));
    /// let r = sample.repair("موسو عل حق");
    /// assert_eq!(r.text, "موسكو على حق");
    /// assert_eq!(r.profile.to_string(), "medial-kaf,final-yeh,final-alef-maksura");
    /// ```
    pub fn repair<'t>(&self, text: &'t str) -> Repair<'t> {
        if !has_arabic(text) {
            return Repair::from_edits(text, Vec::new());
        }
        let repair = self.repair_once(text);
        self.settle_characters(text, repair)
    }

    /// Repairs the repaired text again while the character stages would still change it,
    /// and composes the edits onto `input`. Those stages weigh evidence from the whole
    /// document (a stand-in is a character seen in word after word, a kashida's code one
    /// that cuts line after line), and the letters restored after they declined can
    /// complete it: `سc` restored to `سيc` makes one more word with c read as ر. Reading
    /// that evidence now, rather than on the user's next repair, keeps repair a fixed
    /// point.
    fn settle_characters<'t>(&self, input: &'t str, mut repair: Repair<'t>) -> Repair<'t> {
        for _ in 0..MAX_CHARACTER_ROUNDS {
            if repair.edits.is_empty() {
                break;
            }
            let current = repair.text.clone().into_owned();
            if !self.characters_would_change(&current) {
                break;
            }
            let more = self.repair_once(&current);
            if more.edits.is_empty() {
                break;
            }
            let edits = compose(input, repair.edits, &current, more.edits);
            repair = Repair {
                profile: union(&repair.profile, &more.profile),
                ..Repair::from_edits(input, edits)
            };
        }
        repair
    }

    /// Whether the character stages, run as a repair of `text` runs them, change it.
    fn characters_would_change(&self, text: &str) -> bool {
        let profile = match &self.profile {
            ProfileChoice::Given(p) => p.clone(),
            _ => DamageProfile::default(),
        };
        !self.character_stages(text, &profile).edits.is_empty()
    }

    /// The character stages alone on `text`, with `profile`.
    fn character_stages<'t>(&self, text: &'t str, profile: &DamageProfile) -> Repair<'t> {
        run_stages(
            text,
            &Context::embedded(profile),
            |rule| self.enabled.contains(&rule.info().id),
            self.min_confidence,
            None,
            CHARACTER_STAGES,
        )
    }

    /// One repair of `text`: the character stages, detection, the rest of the stages, and
    /// the rounds that settle its spacing and its profile.
    fn repair_once<'t>(&self, text: &'t str) -> Repair<'t> {
        // Detection, repair and the check after it restore letters with related profiles
        // (see `Walks`); with a profile given, restoration runs once.
        let walks = Walks::default();
        let walks = matches!(self.profile, ProfileChoice::Auto).then_some(&walks);
        let early = self.letters(text);
        let repair = if early.edits.is_empty() {
            self.detect_and_run(text, walks, &STAGES)
        } else {
            let letters = early.text.into_owned();
            let rest = self.detect_and_run(&letters, walks, &STAGES[CHARACTER_STAGES.len()..]);
            let edits = compose(text, early.edits, &letters, rest.edits);
            Repair {
                profile: rest.profile,
                ..Repair::from_edits(text, edits)
            }
        };
        let repair = self.respace(text, repair, walks);
        if matches!(self.profile, ProfileChoice::Auto) && self.enabled.contains(&LETTER_RESTORATION)
        {
            self.settle(text, repair, walks)
        } else {
            repair
        }
    }

    /// The profile for `text` (detected, or as given), and `stages` run with it.
    fn detect_and_run<'t>(
        &self,
        text: &'t str,
        walks: Option<&Walks>,
        stages: &[Stage],
    ) -> Repair<'t> {
        let (profile, restored) = self.profile_and_edits(text, walks);
        let repair = run_stages(
            text,
            &Context {
                walks,
                ..Context::embedded(&profile)
            },
            |rule| self.enabled.contains(&rule.info().id),
            self.min_confidence,
            restored,
            stages,
        );
        Repair { profile, ..repair }
    }

    /// Runs the stages after detection again, with the same profile, while the word-spacing
    /// rule would still change the repaired text (joined and cut words give their
    /// neighbours new contexts; restored letters can complete a case), and composes the
    /// edits onto `input`. A repair that changed nothing is final as it is.
    fn respace<'t>(
        &self,
        input: &'t str,
        mut repair: Repair<'t>,
        walks: Option<&Walks>,
    ) -> Repair<'t> {
        let relayout = WORD_READING_LAYOUT
            .iter()
            .any(|id| self.enabled.contains(id));
        if !relayout || repair.edits.is_empty() {
            return repair;
        }
        for _ in 0..MAX_SPACING_ROUNDS {
            let current = repair.text.clone().into_owned();
            let Some(more) = self.respaced(&current, &repair.profile, walks) else {
                break;
            };
            let edits = compose(input, repair.edits, &current, more);
            repair = Repair {
                profile: repair.profile,
                ..Repair::from_edits(input, edits)
            };
        }
        repair
    }

    /// The edits of the stages after detection on `text` with `profile`, if a layout rule
    /// that reads the words around it would change it, and anything changes.
    fn respaced<'c>(
        &self,
        text: &'c str,
        profile: &DamageProfile,
        walks: Option<&Walks>,
    ) -> Option<Vec<Edit<'c>>> {
        let cx = Context {
            walks,
            ..Context::embedded(profile)
        };
        if !would_relayout(text, &cx, |id| self.enabled.contains(&id)) {
            return None;
        }
        let more = run_stages(
            text,
            &cx,
            |rule| self.enabled.contains(&rule.info().id),
            self.min_confidence,
            None,
            &STAGES[CHARACTER_STAGES.len()..],
        );
        (!more.edits.is_empty()).then_some(more.edits)
    }

    /// Detects again on the repaired text and restores what that finds, until detection
    /// finds nothing more to restore, so that repairing the result changes nothing.
    ///
    /// Restored words change the glyph counts detection reads; now and then that makes
    /// another glyph look lost (a short text, or one with few distinct words). Usually
    /// the first check finds the restored glyphs present and nothing else missing. After
    /// [`MAX_DETECTION_ROUNDS`] the result is returned as it stands: a text still
    /// changing then would be a fixed point only after more rounds (none was seen). When
    /// detection finds nothing, the result's spacing is checked as a repair with no
    /// profile reads it.
    fn settle<'t>(
        &self,
        input: &'t str,
        mut repair: Repair<'t>,
        walks: Option<&Walks>,
    ) -> Repair<'t> {
        for _ in 0..MAX_DETECTION_ROUNDS {
            if repair.edits.is_empty() {
                // The input itself: detection and restoration on it were just done.
                break;
            }
            let current = repair.text.clone().into_owned();
            let (profile, trial) = self.profile_and_edits(&current, walks);
            if profile.is_empty() {
                // Repaired again, the result is read with no profile, and words the profile
                // made readable apart may then look glued or split: space them as that
                // reading does, and detect again.
                match self.respaced(&current, &profile, walks) {
                    Some(more) => {
                        let edits = compose(input, repair.edits, &current, more);
                        repair = Repair {
                            profile: repair.profile,
                            ..Repair::from_edits(input, edits)
                        };
                        continue;
                    }
                    None => break,
                }
            }
            let mut more = trial.unwrap_or_else(|| restore_letters(&current, &profile, walks));
            more.retain(|e| e.confidence >= self.min_confidence);
            if more.is_empty() {
                break;
            }
            let edits = compose(input, repair.edits, &current, normalize(more));
            repair = Repair {
                profile: union(&repair.profile, &profile),
                ..Repair::from_edits(input, edits)
            };
        }
        repair
    }

    /// Repairs raw bytes, which must be UTF-8.
    ///
    /// ```
    /// assert!(tarmim::Repairer::new().repair_bytes(b"\xd9").is_err());
    /// ```
    pub fn repair_bytes<'t>(&self, bytes: &'t [u8]) -> Result<Repair<'t>, Error> {
        let text = std::str::from_utf8(bytes).map_err(Error::from_utf8)?;
        Ok(self.repair(text))
    }

    /// What damage `text` shows, without changing anything.
    ///
    /// ```
    /// let d = tarmim::Repairer::new().diagnose("عل الطاولة");
    /// assert!(d.words > 0);
    /// ```
    pub fn diagnose(&self, text: &str) -> Diagnosis {
        let given = match &self.profile {
            ProfileChoice::Auto => None,
            ProfileChoice::Given(p) => Some(p.clone()),
            ProfileChoice::None => Some(DamageProfile::default()),
        };
        let letters = self.letters(text).text;
        match given {
            Some(_) => diagnose(&letters, given),
            None => diagnose(&spaced_for_detection(&letters), given),
        }
    }
}

/// The glyphs lost in either profile.
fn union(a: &DamageProfile, b: &DamageProfile) -> DamageProfile {
    DamageProfile::new(a.glyphs().iter().chain(b.glyphs()).copied())
}

/// Runs the enabled rules stage by stage: each stage reads the text the stages before it
/// produced, and its edits are mapped back onto the input ([`compose`]). `restored` are
/// the letter-restoration rule's edits on the input, when detection already computed them:
/// they are used if no earlier stage changed the text.
fn run_stages<'t>(
    text: &'t str,
    cx: &Context<'_>,
    enabled: impl Fn(&dyn Rule) -> bool,
    min_confidence: f32,
    mut restored: Option<Vec<Edit<'t>>>,
    stages: &[Stage],
) -> Repair<'t> {
    let mut cx = *cx;
    let mut edits: Vec<Edit<'t>> = Vec::new();
    // The text the next stage reads, when earlier stages changed anything.
    let mut current: Option<String> = None;
    for (i, &stage) in stages.iter().enumerate() {
        if stage == Stage::Layout {
            // The signature of displaced punctuation, read before the layout stage moves
            // it, and after lines written backwards are put in order (their punctuation is
            // not displaced, only reversed with them).
            cx.visual_order =
                crate::line_layout::shows_visual_order(current.as_deref().unwrap_or(text));
        }
        let cx = &cx;
        let rules = IMPLEMENTATIONS
            .iter()
            .filter(|r| r.stage() == stage && enabled(**r));
        match current.take() {
            None => {
                for rule in rules {
                    match restored.take() {
                        Some(done) if rule.info().id == LETTER_RESTORATION => edits.extend(done),
                        unused => {
                            restored = unused;
                            rule.apply(text, cx, &mut edits);
                        }
                    }
                }
                edits.retain(|e| e.confidence >= min_confidence);
                edits = normalize(edits);
            }
            Some(staged) => {
                let mut more = Vec::new();
                for rule in rules {
                    rule.apply(&staged, cx, &mut more);
                }
                more.retain(|e| e.confidence >= min_confidence);
                edits = compose(text, edits, &staged, normalize(more));
            }
        }
        // The last stage's output is the result, built once below.
        if !edits.is_empty() && i + 1 < stages.len() {
            current = Some(crate::edit::apply_edits(text, &edits));
        }
    }
    Repair::from_edits(text, edits)
}
