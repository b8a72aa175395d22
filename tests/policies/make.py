#!/usr/bin/env python3
"""Writes eight house styles of a social media policy, and St Cleopas's own, as a real word processor saves them.

Each style is written here as Flat ODT (LibreOffice's own XML, with automatic numbering where the style has it), then
LibreOffice (Debian's libreoffice-writer) saves it as Word (.docx), PDF and plain text. A Markdown version is written
straight from the same outline. The files are committed, so the tests need no LibreOffice; run this again after
changing a style:   python3 tests/policies/make.py      (needs soffice on PATH)

expected.json says, for each style, the title, the section numbers and the clause numbers a reader must find: written
from the outline below, never from what the importer returns.
"""
import html, json, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
E = html.escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')

STYLES = '''
<style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm"/>
  <style:text-properties fo:font-size="11pt"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="20pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
  style:parent-style-name="Standard" style:default-outline-level="1">
  <style:paragraph-properties fo:margin-top="0.4cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
  style:parent-style-name="Standard" style:default-outline-level="2">
  <style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Strong" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Contents_20_1" style:display-name="Contents 1" style:family="paragraph"
  style:parent-style-name="Standard"><style:paragraph-properties><style:tab-stops>
  <style:tab-stop style:position="15cm" style:type="right" style:leader-style="dotted" style:leader-text="."/>
  </style:tab-stops></style:paragraph-properties></style:style>
<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="9pt"/></style:style>
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
'''


def level(n, fmt, prefix='', suffix='', display=1, start=1):
    if fmt == 'bullet':
        return (f'<text:list-level-style-bullet text:level="{n}" text:bullet-char="•">'
                f'<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
                f'<style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.6cm" '
                f'fo:margin-left="{0.6 * n + 0.6:.1f}cm"/></style:list-level-properties></text:list-level-style-bullet>')
    return (f'<text:list-level-style-number text:level="{n}" style:num-format="{fmt}" style:num-prefix="{E(prefix)}" '
            f'style:num-suffix="{E(suffix)}" text:display-levels="{display}" text:start-value="{start}">'
            f'<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
            f'<style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-1.2cm" '
            f'fo:margin-left="{1.2 * n:.1f}cm"/></style:list-level-properties></text:list-level-style-number>')


def list_style(name, levels):
    return f'<text:list-style style:name="{name}">' + ''.join(levels) + '</text:list-style>'


class Doc:
    """A document written at once as Flat ODT (for LibreOffice) and as Markdown."""

    def __init__(self, header=None):
        self.body, self.md, self.lists, self.header = [], [], [], header

    def para(self, text, style='Standard', md=None):
        self.body.append(f'<text:p text:style-name="{style}">{E(text)}</text:p>')
        self.md.append((md if md is not None else text) + '\n')

    def title(self, text, md_heading=True):
        self.para(text, 'Title', ('# ' + text) if md_heading else text)

    def heading(self, text, lvl=1, md=None):
        self.body.append(f'<text:h text:style-name="Heading_20_{lvl}" text:outline-level="{lvl}">{E(text)}</text:h>')
        self.md.append((md if md is not None else '#' * (lvl + 1) + ' ' + text) + '\n')

    def bold_lead(self, lead, rest):
        self.body.append(f'<text:p text:style-name="Standard"><text:span text:style-name="B">{E(lead)}</text:span>'
                         f' {E(rest)}</text:p>')
        self.md.append(f'**{lead}** {rest}\n')

    def contents(self, entries):
        self.para('Contents', 'Strong', '## Contents')
        for entry, page in entries:
            self.body.append(f'<text:p text:style-name="Contents_20_1">{E(entry)}<text:tab/>{page}</text:p>')
            self.md.append(f'{entry} ........ {page}\n')

    def table(self, rows):
        cells = ''.join('<table:table-row>' + ''.join(
            f'<table:table-cell><text:p text:style-name="Standard">{E(c)}</text:p></table:table-cell>' for c in row)
            + '</table:table-row>' for row in rows)
        cols = '<table:table-column table:number-columns-repeated="%d"/>' % len(rows[0])
        self.body.append(f'<table:table table:name="T{len(self.body)}">{cols}{cells}</table:table>')
        self.md.append('\n'.join(' | '.join(r) for r in rows) + '\n')

    def numbered(self, style, items, md_labels, restart=True):
        """items: [(text, style, children)]; md_labels: the labels as the Markdown writes them, in order."""
        labels = iter(md_labels)

        def render(items, depth):
            out = ''
            for text, pstyle, children in items:
                label = next(labels)
                self.md.append(f'{label} {text}\n' if label else f'- {text}\n')
                out += f'<text:list-item><text:p text:style-name="{pstyle}">{E(text)}</text:p>'
                if children:
                    out += '<text:list>' + render(children, depth + 1) + '</text:list>'
                out += '</text:list-item>'
            return out
        # A list that goes on from the last one of its style (across headings or other lists between), as Word's
        # numbering does when a list is not restarted.
        self.count = getattr(self, 'count', 0) + 1
        own = f'list{self.count}'
        first = getattr(self, 'first', {})
        cont = f' text:continue-list="{first[style]}"' if not restart and style in first else ''
        first.setdefault(style, own)
        if restart:
            first[style] = own
        self.first = first
        self.body.append(f'<text:list xml:id="{own}" text:style-name="{style}"{cont}>' + render(items, 0)
                         + '</text:list>')

    def fodt(self, list_styles):
        header = ''
        if self.header:
            header = ('<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
                      f'<style:header><text:p text:style-name="Header">{E(self.header)}</text:p></style:header>'
                      '<style:footer><text:p text:style-name="Header">Page <text:page-number text:select-page="current"/>'
                      '</text:p></style:footer></style:master-page></office:master-styles>')
        layout = ('<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties '
                  'fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" '
                  'fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style/><style:footer-style/>'
                  '</style:page-layout>' + ''.join(list_styles) + '</office:automatic-styles>')
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
                f'office:mimetype="application/vnd.oasis.opendocument.text"><office:styles>{STYLES}</office:styles>'
                f'{layout}{header}<office:body><office:text>' + ''.join(self.body) + '</office:text></office:body>'
                '</office:document>')


FILLER = ('Staff are reminded that anything posted online may be copied, shared and kept long after it was meant to '
          'disappear, and that privacy settings change without notice.')


FILLER2 = FILLER + ' ' + FILLER
FILLER3 = FILLER2 + ' ' + FILLER


def items(texts, style='Standard'):
    return [(t, style, []) for t in texts]


def trust_capitals():
    d = Doc(header='Northfield Academy Trust - Social Media Policy')
    d.para('NORTHFIELD ACADEMY TRUST', 'Strong')
    d.para('SOCIAL MEDIA POLICY', 'Title', 'SOCIAL MEDIA POLICY')
    d.para('Version 2.1')
    d.para('Approved by the Board of Trustees: March 2025')
    d.table([['Version', 'Date', 'Change'], ['2.0', 'March 2024', 'New section on messaging apps'],
             ['2.1', 'March 2025', 'Annual review']])
    d.contents([('1. INTRODUCTION', 2), ('2. SCOPE', 2), ('3. PERSONAL USE', 3), ('4. BREACHES', 4)])
    levels = [level(1, '1', suffix='.'), level(2, '1', display=2), level(3, 'bullet')]
    d.numbered('L1', [
        ('INTRODUCTION', 'Strong', items([
            'Social media means any website or app that lets people share content with others online, including '
            'messaging apps and gaming platforms. ' + FILLER,
            'The Trust expects staff to keep a professional distance from pupils and their families online. ' + FILLER])),
        ('SCOPE', 'Strong', items([
            'This policy applies to all staff, governors, trustees and volunteers in every school of the Trust. ' + FILLER2,
            'It applies whether or not a school device is used, and outside working hours. ' + FILLER2])),
        ('PERSONAL USE', 'Strong', [
            ('Staff must:', 'Standard', items([
                'not accept friend requests from pupils or former pupils under 18;',
                'report any contact from a pupil to the designated safeguarding lead;',
                'check their privacy settings each term.']))]),
        ('BREACHES', 'Strong', items([
            'Breaches may be dealt with under the disciplinary procedure (see Section 12 of the DCSF guidance and '
            'clause 2.1). ' + FILLER3,
            'Serious breaches will be referred to the police or the local authority designated officer.']))],
        ['1.', '1.1', '1.2', '2.', '2.1', '2.2', '3.', '3.1', '', '', '', '4.', '4.1', '4.2'])
    return d, [list_style('L1', levels)], {
        'title': 'Social Media Policy', 'sections': ['1', '2', '3', '4'],
        'clauses': ['1.1', '1.2', '2.1', '2.2', '3.1', '4.1', '4.2']}


def council_101():
    d = Doc(header='Model policy - Children\'s Services')
    d.title('Model Social Media Policy for Schools')
    d.para('Issued by the council\'s education HR service, for adoption by governing bodies.')
    sections = [
        ('Section 1 – Purpose', ['The council recognises that staff use social media in their private lives.',
                                 'This policy sets out what is expected of them, in line with Section 12 of the DCSF '
                                 'guidance on safer working practice.']),
        ('Section 2 – Conduct', ['Employees must not post anything that could bring the school into disrepute. ' + FILLER,
                                 'Employees must not share images of pupils except through the school\'s official '
                                 'accounts (see paragraph 101).',
                                 'Employees who are also parents at the school must take particular care. ' + FILLER]),
        ('Section 3 – Monitoring and review', ['The governing body will review this policy every two years.',
                                              'Questions about it go to the headteacher.'])]
    clauses = []
    for n, (heading, paras) in enumerate(sections, 1):
        d.heading(heading, 1)
        for k, text in enumerate(paras, 1):
            number = f'{n}{k:02d}'
            clauses.append(number)
            d.para(f'{number} {text}')
    return d, [], {'title': 'Model Social Media Policy for Schools', 'sections': ['1', '2', '3'], 'clauses': clauses}


def unnumbered():
    d = Doc()
    d.title('Online Safety and Social Media')
    d.para('Approved by governors: June 2025')
    outline = [
        ('Why we have this policy', ['We want everyone at Hillside to use social media safely and to keep pupils safe.',
                                     'This policy explains what that means for staff day to day.']),
        ('Who it applies to', ['It applies to all staff, governors and volunteers, and to supply staff while they work '
                               'here.']),
        ('What staff must do', [('When using social media, staff must:', ['keep their accounts private;',
                                                                           'never contact pupils through personal '
                                                                           'accounts;',
                                                                           'tell the headteacher about any contact '
                                                                           'from a pupil.']),
                                'Staff should tell their line manager about close relationships with parents.']),
        ('If something goes wrong', ['Report it to the headteacher the same day.'])]
    clauses = []
    for n, (heading, paras) in enumerate(outline, 1):
        d.heading(heading, 2)
        for k, para in enumerate(paras, 1):
            clauses.append(f'{n}.{k}')
            if isinstance(para, tuple):
                d.para(para[0])
                d.body.append('<text:list text:style-name="LB">' + ''.join(
                    f'<text:list-item><text:p text:style-name="Standard">{E(t)}</text:p></text:list-item>'
                    for t in para[1]) + '</text:list>')
                d.md += [f'- {t}\n' for t in para[1]]
            else:
                d.para(para)
    return d, [list_style('LB', [level(1, 'bullet')])], {
        'title': 'Online Safety and Social Media', 'sections': ['1', '2', '3', '4'], 'clauses': clauses}


def parts_decimal():
    d = Doc()
    d.title('Staff Use of Social Media Policy')
    levels = [level(1, '1', suffix='.0'), level(2, '1', display=2), level(3, '1', display=3)]
    d.heading('Part A: General', 1, md='Part A: General')
    d.numbered('L1', [
        ('Introduction', 'Strong', [
            ('Objectives', 'Strong', items(['To protect pupils from harm online.', 'To protect staff from allegations.'])),
            ('Definitions', 'Strong', items(['Social media includes blogs, forums, messaging and video sites.']))])],
        ['1.0', '1.1', '1.1.1', '1.1.2', '1.2', '1.2.1'])
    d.heading('Part B: Staff conduct', 1, md='Part B: Staff conduct')
    d.numbered('L1', [
        ('Personal use', 'Strong', [
            ('Accounts', 'Strong', items(['Staff must not identify themselves as employees of the school on personal '
                                          'accounts.', 'Staff must not discuss pupils online.'])),
            ('Contact', 'Strong', items(['Staff must not accept pupils as friends or followers.']))]),
        ('Review', 'Strong', [('Timing', 'Strong', items(['This policy is reviewed every year by the governors.']))])],
        ['2.0', '2.1', '2.1.1', '2.1.2', '2.2', '2.2.1', '3.0', '3.1', '3.1.1'], restart=False)
    return d, [list_style('L1', levels)], {
        'title': 'Staff Use of Social Media Policy', 'sections': ['1', '2', '3'],
        'clauses': ['1.1.1', '1.1.2', '1.2.1', '2.1.1', '2.1.2', '2.2.1', '3.1.1']}


def section_colon_lettered():
    d = Doc(header='Riverside Primary School')
    d.title('Acceptable Use of Social Media Policy')
    levels = [level(1, '1', prefix='Section ', suffix=':'), level(2, '1', display=2),
              level(3, 'a', suffix=')'), level(4, 'i', prefix='(', suffix=')')]
    d.numbered('L1', [
        ('Introduction', 'Strong', items(['This policy applies to all staff. ' + FILLER,
                                           'It should be read with the staff code of conduct. ' + FILLER])),
        ('Expectations', 'Strong', [
            ('Staff must:', 'Standard', [
                ('keep personal accounts private;', 'Standard', []),
                ('not post images of pupils on personal accounts, including:', 'Standard',
                 items(['photographs taken on trips;', 'videos of performances.'])),
                ('report contact from pupils.', 'Standard', [])]),
            ('Staff should:', 'Standard', items(['think before they post;', 'ask if unsure.'])),
            ('Breaches are taken seriously. ' + FILLER2, 'Standard', [])]),
        ('Review', 'Strong', items(['The governors review this policy every year.']))],
        ['Section 1:', '1.1', '1.2', 'Section 2:', '2.1', 'a)', 'b)', '(i)', '(ii)', 'c)', '2.2', 'a)', 'b)', '2.3',
         'Section 3:', '3.1'])
    return d, [list_style('L1', levels)], {
        'title': 'Acceptable Use of Social Media Policy', 'sections': ['1', '2', '3'],
        'clauses': ['1.1', '1.2', '2.1', '2.1a', '2.1b', '2.1c', '2.2', '2.2a', '2.2b', '2.3', '3.1']}


def stuck_numbers():
    d = Doc()
    d.para('Social Media and Online Conduct', 'Title')
    d.para('Version 3 – approved by the governing body, January 2026')
    d.heading('1. INTRODUCTION', 1, md='1. INTRODUCTION')
    d.para('1.1Social media means websites and apps for sharing content.')
    d.para('1.2Staff must read this policy when they start and whenever it changes.')
    d.heading('2. EXPECTATIONS', 1, md='2. EXPECTATIONS')
    d.para('2.1')
    d.para('Staff must not post photographs of pupils on personal accounts.')
    d.para('2.2')
    d.para('Staff must report any message from a pupil to the designated safeguarding lead.')
    d.heading('3. REVIEW', 1, md='3. REVIEW')
    d.para('3.1 The policy is reviewed every year.')
    return d, [], {'title': 'Social Media and Online Conduct', 'sections': ['1', '2', '3'],
                   'clauses': ['1.1', '1.2', '2.1', '2.2', '3.1']}


def restarting_lists():
    d = Doc(header='Hilltop Federation')
    d.title('Social Networking Policy')
    head = [level(1, '1', suffix='.')]
    clause = [level(1, '1', suffix='.')]
    outline = [('Purpose', ['Social networking is part of everyday life for staff and pupils.',
                            'This policy sets out how staff keep themselves and pupils safe. ' + FILLER]),
               ('Rules for staff', ['Staff must not contact pupils through personal accounts.',
                                    'Staff must not post anything about pupils or their families. ' + FILLER,
                                    'Staff must keep their privacy settings at the highest level.']),
               ('Breaches', ['Breaches may lead to disciplinary action.'])]
    clauses = []
    styles = [list_style('LH', head), list_style('LC', clause)]
    for n, (heading, paras) in enumerate(outline, 1):
        d.numbered('LH', [(heading, 'Strong', [])], [f'{n}.'], restart=(n == 1))
        d.numbered('LC', items(paras), [f'{k}.' for k in range(1, len(paras) + 1)])
        clauses += [f'{n}.{k}' for k in range(1, len(paras) + 1)]
    return d, styles, {'title': 'Social Networking Policy', 'sections': ['1', '2', '3'], 'clauses': clauses}


def outline_sections():
    d = Doc()
    d.title('Use of Social Media by Staff')
    outline = [('Purpose', ['This policy protects pupils, staff and the school.']),
               ('Personal accounts', ['Staff keep personal accounts private.',
                                      'Staff do not accept pupils as contacts.']),
               ('Official accounts', ['Only named administrators post on the school\'s accounts.'])]
    clauses = []
    for n, (heading, paras) in enumerate(outline, 1):
        d.heading(f'Section {n} – {heading}', 1)
        for k, text in enumerate(paras, 1):
            d.para(text)
            clauses.append(f'{n}.{k}')
    return d, [], {'title': 'Use of Social Media by Staff', 'sections': ['1', '2', '3'], 'clauses': clauses}


def st_cleopas():
    """Our first customer's policy, from its Markdown: headings, paragraphs and list items as the file has them."""
    d = Doc()
    with open(os.path.join(ROOT, 'Resources/Policies/st-cleopas-social-media-policy.md'), encoding='utf-8') as f:
        lines = f.read().splitlines()
    bullets = []

    def flush():
        if bullets:
            d.body.append('<text:list text:style-name="LB">' + ''.join(
                f'<text:list-item><text:p text:style-name="Standard">{E(t)}</text:p></text:list-item>'
                for t in bullets) + '</text:list>')
            bullets.clear()
    for line in lines:
        line = line.strip()
        if not line:
            flush()
            continue
        if line.startswith('#'):
            flush()
            hashes = len(line) - len(line.lstrip('#'))
            text = line.lstrip('#').strip()
            d.body.append(f'<text:h text:style-name="Heading_20_{min(hashes, 2)}" '
                          f'text:outline-level="{min(hashes, 2)}">{E(text)}</text:h>')
        elif line.startswith('- '):
            bullets.append(line[2:])
        else:
            flush()
            d.body.append(f'<text:p text:style-name="Standard">{E(line)}</text:p>')
    flush()
    numbers = [f'1.{k}' for k in range(1, 8)] + [f'3{c}' for c in 'abcd'] + [f'3-headteacher-{c}' for c in 'abcd'] \
        + ['3-everyone-a', '3-everyone-b'] + [f'4.{k}' for k in range(1, 10)] + [f'5.{k}' for k in range(1, 5)]
    return d, [list_style('LB', [level(1, 'bullet')])], {
        'title': 'Use of Social Media Policy', 'sections': ['1', '2', '3', '4', '5'], 'clauses': numbers}


STYLES_MADE = {
    'trust-capitals': trust_capitals, 'council-101': council_101, 'unnumbered': unnumbered,
    'parts-decimal': parts_decimal, 'section-colon-lettered': section_colon_lettered,
    'stuck-numbers': stuck_numbers, 'restarting-lists': restarting_lists, 'outline-sections': outline_sections,
    'st-cleopas': st_cleopas,
}


def main():
    soffice = shutil.which('soffice') or shutil.which('libreoffice')
    if not soffice:
        sys.exit('make.py needs LibreOffice: apt-get install libreoffice-writer-nogui')
    expected = {}
    with tempfile.TemporaryDirectory() as work:
        for name, make in STYLES_MADE.items():
            doc, list_styles, expect = make()
            expected[name] = expect
            fodt = os.path.join(work, name + '.fodt')
            with open(fodt, 'w', encoding='utf-8') as f:
                f.write(doc.fodt(list_styles))
            if name != 'st-cleopas':
                with open(os.path.join(HERE, name + '.md'), 'w', encoding='utf-8') as f:
                    f.write('\n'.join(doc.md))
            for target, ext in [('docx:MS Word 2007 XML', 'docx'), ('pdf:writer_pdf_Export', 'pdf'),
                                ('txt:Text (encoded):UTF8', 'txt')]:
                subprocess.run([soffice, '--headless', '--convert-to', target, '--outdir', work, fodt],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                shutil.copy(os.path.join(work, f'{name}.{ext}'), os.path.join(HERE, f'{name}.{ext}'))
    with open(os.path.join(HERE, 'expected.json'), 'w', encoding='utf-8') as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write('\n')


if __name__ == '__main__':
    main()
