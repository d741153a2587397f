/** The part of jStat (npm `jstat`, no bundled types) the A/B statistics use. */
declare module 'jstat' {
  interface JStat {
    normal: { cdf(x: number, mean: number, std: number): number; inv(p: number, mean: number, std: number): number };
    chisquare: { cdf(x: number, dof: number): number };
  }
  const jstat: { jStat: JStat };
  export default jstat;
}
