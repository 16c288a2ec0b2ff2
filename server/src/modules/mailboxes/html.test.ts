import { describe, expect, it } from 'vitest';
import { htmlToText, sanitizeMailHtml } from './html.js';

describe('sanitizeMailHtml', () => {
  it('removes scripts, styles and their content', () => {
    const clean = sanitizeMailHtml(
      '<html><head><style>p{color:red}</style><title>t</title></head><body><p>您好</p><script>alert("x")</script></body></html>',
    );
    expect(clean).toBe('<p>您好</p>');
  });

  it('removes event handlers, style attributes, forms and frames', () => {
    const clean = sanitizeMailHtml(
      '<p onclick="steal()" style="color:red">点我</p><form action="https://x"><input name="p"></form><iframe src="https://x"></iframe>',
    );
    expect(clean).toBe('<p>点我</p>');
  });

  it('drops remote images and keeps images carried in the message', () => {
    const clean = sanitizeMailHtml(
      '<img src="https://tracker.example.com/open.gif" width="1"><img src="//x/y.png"><img src="cid:photo1@x" alt="照片" onerror="x()">',
    );
    expect(clean).toBe('<img src="cid:photo1@x" alt="照片" />');
  });

  it('keeps safe links, opening in a new tab, and drops javascript: links', () => {
    expect(sanitizeMailHtml('<a href="https://example.com/order/1">订单</a>')).toBe(
      '<a href="https://example.com/order/1" target="_blank" rel="noopener noreferrer nofollow">订单</a>',
    );
    expect(sanitizeMailHtml('<a href="javascript:alert(1)">x</a>')).toBe(
      '<a target="_blank" rel="noopener noreferrer nofollow">x</a>',
    );
  });
});

describe('htmlToText', () => {
  it('turns paragraphs, line breaks and list items into lines, decoding entities', () => {
    expect(
      htmlToText(
        '<div>您好，</div><p>净水器&nbsp;接头&amp;管子漏水<br>型号 A&lt;1&gt;</p><ul><li>照片</li><li>视频</li></ul>',
      ),
    ).toBe('您好，\n净水器 接头&管子漏水\n型号 A<1>\n\n- 照片\n- 视频');
  });

  it('never shows script or style content', () => {
    expect(htmlToText('<p>正文</p><script>document.cookie</script><style>.a{}</style>')).toBe('正文');
  });

  it('decodes numeric entities', () => {
    expect(htmlToText('<p>&#20320;&#x597D;</p>')).toBe('你好');
  });
});
