/** The miss-query grouping: Korean inputs that differ in spacing, punctuation or particles meet; unrelated ones do not. */
import { describe, expect, it } from 'vitest';
import { bigrams, groupSimilarTexts, jaccard, normalizeQuestion, stripKoreanSuffix } from './text-grouping.js';

const group = (texts: string[], threshold?: number) =>
  groupSimilarTexts(texts.map((text, i) => ({ text, item: i })), threshold).map((g) => g.members);

describe('normalizeQuestion', () => {
  it('removes spacing, punctuation and particles/endings, and folds width and case (NFKC)', () => {
    expect(normalizeQuestion('환불 정책이 뭐예요?')).toBe('환불정책뭐');
    expect(normalizeQuestion('환불정책이 뭐에요')).toBe('환불정책뭐');
    expect(normalizeQuestion('환불 정책은 뭐예요!!')).toBe('환불정책뭐');
    expect(normalizeQuestion('ＡＰＩ  Key를   어디서 받나요？')).toBe('apikey어디서받');
    expect(normalizeQuestion('What is the REFUND policy?!')).toBe('whatistherefundpolicy');
    expect(normalizeQuestion('  ?!  ')).toBe('');
  });

  it('strips one suffix and keeps at least one character', () => {
    expect(stripKoreanSuffix('정책이')).toBe('정책');
    expect(stripKoreanSuffix('이')).toBe('이');
    expect(stripKoreanSuffix('gpt4는')).toBe('gpt4');
    expect(stripKoreanSuffix('정책?')).toBe('정책?');
    expect(stripKoreanSuffix('서울에서')).toBe('서울');
  });

  it('measures bigram overlap', () => {
    expect(jaccard(bigrams('환불정책'), bigrams('환불정책'))).toBe(1);
    expect(jaccard(bigrams('환불정책'), bigrams('배송조회'))).toBe(0);
  });
});

describe('groupSimilarTexts', () => {
  it('puts Korean inputs that differ only in spacing, punctuation or particles in one group', () => {
    const groups = group(['환불 정책이 뭐예요?', '환불정책이 뭐에요', '환불 정책은 뭐예요!!', '배송은 언제 오나요?', '비밀번호를 잊어버렸어요']);
    expect(groups[0]).toEqual([0, 1, 2]);
    expect(groups).toHaveLength(3);
    expect(groups.slice(1)).toEqual([[3], [4]]);
  });

  it('joins near variants by bigram similarity and keeps unrelated questions apart', () => {
    const groups = group(['환불 정책 알려주세요', '환불 정책을 알려 주세요', '환불 정책 좀 알려주세요', '환불 받는 방법', '교환 정책 알려주세요', 'How do I reset my password?', 'how do i reset my password']);
    expect(groups[0]).toEqual([0, 1, 2]);
    expect(groups).toContainEqual([5, 6]);
    expect(groups).toContainEqual([3]);
    expect(groups).toContainEqual([4]);
  });

  it('names the most common normal form as the representative and ranks groups by size', () => {
    const result = groupSimilarTexts([
      { text: '배송 언제 와요?', item: 'a' },
      { text: '환불 정책이 뭐예요?', item: 'b' },
      { text: '환불정책 뭐에요', item: 'c' },
      { text: '환불 정책은?? 뭐예요', item: 'd' },
    ]);
    expect(result[0]).toMatchObject({ normalized: '환불정책뭐', representative: 'b', members: ['b', 'c', 'd'] });
    expect(result[1]).toMatchObject({ representative: 'a', members: ['a'] });
  });

  it('leaves out empty inputs and handles a few thousand inputs quickly', () => {
    expect(group(['', '   ', '?!'])).toEqual([]);
    const many = Array.from({ length: 3000 }, (_, i) => `질문 번호 ${i % 500} 에 대한 답변이 틀렸어요 ${String.fromCharCode(0xac00 + (i % 300))}`);
    const started = performance.now();
    const groups = group(many);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(groups.reduce((n, g) => n + g.length, 0)).toBe(3000);
  });
});
