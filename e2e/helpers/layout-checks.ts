/**
 * What "the page fits" means, measured in the browser: no sideways scrolling, every integration
 * name on screen with at least its first 12 characters readable (not clipped by an ellipsis or an
 * overflow-hidden box), and every action button inside the viewport and inside every box that
 * clips it. Returns human-readable problems, so a failing spec says what broke where.
 */
import type { Page } from '@playwright/test';

export const layoutWidths = [390, 768, 1366, 1920] as const;

/** The elements that show an integration's name, on every page that lists integrations. */
export const nameSelector = '.integration-name';
/** Everything a person clicks to act: buttons and links styled as buttons. */
export const actionSelector = 'button, .btn, input[type="submit"]';

export async function layoutProblems(page: Page, options: { minNameChars?: number } = {}): Promise<string[]> {
  const minNameChars = options.minNameChars ?? 12;
  return page.evaluate(
    ({ nameSelector, actionSelector, minNameChars }) => {
      const problems: string[] = [];
      const doc = document.documentElement;
      const viewportWidth = doc.clientWidth;
      if (doc.scrollWidth > viewportWidth) problems.push(`page scrolls sideways: scrollWidth ${doc.scrollWidth} > clientWidth ${viewportWidth}`);

      const describe = (element: Element) => {
        const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        return `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}> "${text}"`;
      };
      const shown = (element: Element) => {
        const style = getComputedStyle(element);
        if (style.display === 'none' || style.visibility === 'hidden') return false;
        const rect = element.getBoundingClientRect();
        return rect.width > 0 && rect.height > 0;
      };
      // The visible box of an element: its rect cut by the viewport's width and every ancestor that clips.
      const visibleBox = (element: Element) => {
        const rect = element.getBoundingClientRect();
        let left = Math.max(rect.left, 0);
        let right = Math.min(rect.right, viewportWidth);
        for (let parent = element.parentElement; parent; parent = parent.parentElement) {
          const style = getComputedStyle(parent);
          if (style.overflowX !== 'visible') {
            const box = parent.getBoundingClientRect();
            left = Math.max(left, box.left);
            right = Math.min(right, box.right);
          }
        }
        return { left, right, rect };
      };

      for (const element of document.querySelectorAll(nameSelector)) {
        if (element.closest('[hidden], template, .visually-hidden')) continue;
        const full = (element.textContent ?? '').trim();
        if (!full) continue;
        if (!shown(element)) {
          problems.push(`integration name not visible: ${describe(element)}`);
          continue;
        }
        const wanted = Math.min(minNameChars, full.length);
        // Measure the first `wanted` characters of the text where they are laid out.
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let remaining = wanted;
        let started = false;
        for (let node = walker.nextNode() as Text | null; node && remaining > 0; node = walker.nextNode() as Text | null) {
          const text = node.data;
          let start = 0;
          if (!started) {
            start = text.length - text.trimStart().length;
            if (start >= text.length) continue;
            range.setStart(node, start);
            started = true;
          }
          const take = Math.min(remaining, text.length - start);
          range.setEnd(node, start + take);
          remaining -= take;
        }
        const box = visibleBox(element);
        // An ellipsis hides characters that still have boxes: compare against the element's own content box too.
        const style = getComputedStyle(element);
        const ownRight = element.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
        const limit = Math.min(box.right, style.textOverflow === 'ellipsis' || style.overflowX !== 'visible' ? ownRight : Infinity);
        for (const part of range.getClientRects()) {
          if (part.width === 0) continue;
          if (part.right > limit + 1 || part.left < box.left - 1) {
            problems.push(`only part of the first ${wanted} characters of ${describe(element)} are shown (text reaches ${Math.round(part.right)} px, visible to ${Math.round(limit)} px)`);
            break;
          }
        }
      }

      for (const element of document.querySelectorAll(actionSelector)) {
        if (!shown(element) || element.closest('.visually-hidden, .skip-link')) continue;
        const { left, right, rect } = visibleBox(element);
        if (rect.left < left - 1 || rect.right > right + 1) {
          problems.push(`action cut off: ${describe(element)} spans ${Math.round(rect.left)}–${Math.round(rect.right)} px, visible ${Math.round(left)}–${Math.round(right)} px`);
        }
      }
      // Nothing else cut off either: text that runs past the viewport or out of a box that clips it,
      // except where the page shortens it on purpose (an ellipsis, a line clamp) or lets it scroll.
      const deliberate = (element: Element) => {
        for (let node: Element | null = element; node; node = node.parentElement) {
          const style = getComputedStyle(node);
          if (style.textOverflow === 'ellipsis' || (style.webkitLineClamp && style.webkitLineClamp !== 'none')) return true;
          if (node !== element && (style.overflowX === 'auto' || style.overflowX === 'scroll')) return true;
          if (node.matches('.visually-hidden, .sprite, .skip-link, [hidden]')) return true;
        }
        return false;
      };
      let cutOff = 0;
      for (const element of document.querySelectorAll('body *')) {
        const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
        if (!ownText || !shown(element) || deliberate(element)) continue;
        const { left, right, rect } = visibleBox(element);
        if (rect.left < left - 1 || rect.right > right + 1) {
          if (cutOff++ < 5) problems.push(`text cut off: ${describe(element)} spans ${Math.round(rect.left)}–${Math.round(rect.right)} px, visible ${Math.round(left)}–${Math.round(right)} px`);
        }
      }
      return problems;
    },
    { nameSelector, actionSelector, minNameChars },
  );
}
