() => {
  // Where a cell's text really is: the union of its text's line boxes, against the cell's content box.
  function centred(cell) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let left = Infinity, right = -Infinity;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) { left = Math.min(left, r.left); right = Math.max(right, r.right); }
    }
    if (left === Infinity) return null;
    const box = cell.getBoundingClientRect(), s = getComputedStyle(cell);
    const inner = [box.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
                   box.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight)];
    return Math.abs((left + right) / 2 - (inner[0] + inner[1]) / 2) <= 2;
  }
  const sides = ["Top", "Right", "Bottom", "Left"];
  const tables = [...document.querySelectorAll("table")].map(t => [...t.rows].flatMap(row => [...row.cells]).map(c => {
    const s = getComputedStyle(c);
    return {tag: c.tagName, scope: c.getAttribute("scope"), text: c.textContent.replace(/\s+/g, ""), rowspan: c.rowSpan, colspan: c.colSpan,
            borders: sides.map(side => s["border" + side + "Style"] !== "none" && s["border" + side + "Style"] !== "hidden"
                                       && parseFloat(s["border" + side + "Width"]) > 0),
            centred: centred(c), width: Math.round(c.getBoundingClientRect().width),
            font: s.fontFamily, size: s.fontSize};
  }));
  const paragraphs = [...document.querySelectorAll("p, h1, h2, h3")].filter(p => !p.closest("table") && !p.querySelector("svg")).map(p => {
    const s = getComputedStyle(p);
    return {tag: p.tagName, text: p.textContent.replace(/\s+/g, ""), font: s.fontFamily, size: s.fontSize, lineHeight: s.lineHeight,
            indent: s.textIndent, marginTop: s.marginTop, marginBottom: s.marginBottom};
  });
  // The 图解: its bars' numbers are text of the SVG.
  const charts = [...document.querySelectorAll("svg text")].map(t => t.textContent.replace(/\s+/g, "")).join("|");
  return {tables, paragraphs, charts, text: document.body.textContent.replace(/\s+/g, ""),
          height: document.body.scrollHeight};
}
