/** The playground: run a prompt against up to four model connections side by side (loaded on demand). */
export { PlaygroundPage } from './components/PlaygroundPage';
