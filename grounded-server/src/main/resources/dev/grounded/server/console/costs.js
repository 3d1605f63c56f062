// Costs: not built yet (issue 17).
import { h, replace } from './dom.js';

export async function render(root) {
  replace(root, h('h1', null, 'Costs'), h('p', { class: 'muted' }, 'This view is not built yet.'));
}
