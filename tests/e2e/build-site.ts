/** Browser tests look at the built site: build it first when sources changed. */
import { buildSite, siteIsStale } from '../../runner/site-build.ts';

export default async function setup(): Promise<void> {
  if (siteIsStale()) await buildSite();
}
