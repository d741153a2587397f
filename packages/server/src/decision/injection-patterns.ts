/**
 * Prompt-injection phrasings in English and Korean: attempts to override instructions, extract the
 * system prompt, or switch the model into an unrestricted persona. Each has a stable name that the
 * heuristic judge reports in `signals.injection_patterns`.
 */

/** A named pattern. */
export interface InjectionPattern {
  name: string;
  pattern: RegExp;
}

/** The built-in patterns. */
export const INJECTION_PATTERNS: InjectionPattern[] = [
  {
    name: 'ignore_instructions',
    pattern: /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system)\b[^.\n]{0,20}?\b(?:instructions?|prompts?|rules|directions|guidelines|context)\b/i,
  },
  {
    name: 'reveal_system_prompt',
    pattern: /\b(?:reveal|show|print|repeat|output|leak|tell me|display)\b[^.\n]{0,30}?\b(?:system prompt|hidden (?:prompt|instructions)|initial instructions|your instructions)\b/i,
  },
  {
    name: 'persona_override',
    pattern: /\b(?:you are now|from now on,? you are|act as|pretend (?:to be|you are))\b[^.\n]{0,40}?\b(?:DAN|jailbroken|unrestricted|unfiltered|developer mode|no (?:rules|restrictions|limits|filters))\b/i,
  },
  { name: 'jailbreak_keyword', pattern: /\b(?:jailbreak|DAN mode|developer mode enabled|do anything now)\b/i },
  { name: 'fake_system_tag', pattern: /(?:<\/?system>|\[\/?INST\]|<\|im_start\|>\s*system|###\s*(?:system|instruction)s?\s*:)/i },
  {
    name: 'ko_ignore_instructions',
    pattern: /(?:이전|위의?|앞의?|기존|모든|지금까지의?|너의|시스템)\s*(?:지시|지침|명령|규칙|instructions?|프롬프트)(?:사항)?(?:을|를|은|는|들을|들은)?\s*(?:모두\s*|전부\s*|다\s*)?(?:무시|잊어|잊고|무효|따르지\s*마)/,
  },
  {
    name: 'ko_reveal_system_prompt',
    pattern: /(?:시스템\s*프롬프트|숨겨진\s*(?:지시|프롬프트)|초기\s*지시|내부\s*지침)(?:을|를)?\s*(?:그대로\s*)?(?:보여|알려|출력|공개|말해|복사)/,
  },
  {
    name: 'ko_persona_override',
    pattern: /(?:지금부터|이제부터|이제)\s*(?:너는|넌|당신은)[^.\n]{0,30}?(?:제한(?:이|이\s*없는|\s*없는)|규칙(?:이|이\s*없는|\s*없는)|검열(?:이|이\s*없는|\s*없는)|탈옥|DAN)/,
  },
  { name: 'ko_jailbreak_keyword', pattern: /(?:탈옥|제한\s*해제\s*모드|개발자\s*모드)/ },
];

/** Names of the patterns found in `text`. */
export function detectInjection(text: string): string[] {
  return INJECTION_PATTERNS.filter((p) => p.pattern.test(text)).map((p) => p.name);
}

/** Where each pattern first matches in `text` (UTF-16 offsets, end exclusive). */
export function findInjection(text: string): Array<{ type: string; start: number; end: number }> {
  const found: Array<{ type: string; start: number; end: number }> = [];
  for (const p of INJECTION_PATTERNS) {
    const match = p.pattern.exec(text);
    if (match) found.push({ type: p.name, start: match.index, end: match.index + match[0].length });
  }
  return found;
}
