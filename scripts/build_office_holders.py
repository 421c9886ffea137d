"""Regenerate src/communique/data/office_holders.tsv from the rows below (one office holder a
line: name | aliases | CAMEO code@start..end; …).

Usage: python scripts/build_office_holders.py > src/communique/data/office_holders.tsv
"""
# name | aliases (comma) | code@start..end ; ...
ROWS = r"""
George Bush|Bush,President Bush|USAGOV@1981-01-20..1993-01-20 USAGOV@2001-01-20..2009-01-20
George H. W. Bush|George H.W. Bush,George H. Bush|USAGOV@1981-01-20..1993-01-20
George W. Bush||USAGOV@2001-01-20..2009-01-20
Bill Clinton|President Clinton|USAGOV@1993-01-20..2001-01-20
Hillary Clinton||USAGOV@2009-01-21..2013-02-01
Barack Obama|Obama,President Obama|USAGOV@2009-01-20..2017-01-20
Donald Trump|Trump,President Trump|USAGOV@2017-01-20..2021-01-20;USAGOV@2025-01-20..
Joe Biden|Biden,President Biden,Joseph Biden|USAGOV@2009-01-20..2017-01-20;USAGOV@2021-01-20..2025-01-20
Kamala Harris||USAGOV@2021-01-20..2025-01-20
JD Vance|J.D. Vance|USAGOV@2025-01-20..
John Kerry||USAGOV@2013-02-01..2017-01-20
Rex Tillerson|Tillerson|USAGOV@2017-02-01..2018-03-31
Mike Pompeo|Pompeo|USAGOV@2018-04-26..2021-01-20
Antony Blinken|Blinken|USAGOV@2021-01-26..2025-01-20
Marco Rubio|Rubio|USAGOV@2025-01-21..
Ash Carter||USAMIL@2015-02-17..2017-01-20
Jim Mattis|Mattis,James Mattis|USAMIL@2017-01-20..2019-01-01
Mark Esper|Esper|USAMIL@2019-07-23..2020-11-09
Lloyd Austin||USAMIL@2021-01-22..2025-01-20
Pete Hegseth|Hegseth|USAMIL@2025-01-25..
Vladimir Putin|Putin,President Putin|RUSGOV@2000-05-07..
Dmitry Medvedev|Medvedev|RUSGOV@2008-05-07..2020-01-16
Mikhail Mishustin|Mishustin|RUSGOV@2020-01-16..
Sergei Lavrov|Lavrov,Sergey Lavrov|RUSGOV@2004-03-09..
Sergei Shoigu|Shoigu,Sergey Shoigu|RUSMIL@2012-11-06..2024-05-12;RUSGOV@2024-05-12..
Andrei Belousov|Belousov,Andrey Belousov|RUSMIL@2024-05-14..
Valery Gerasimov|Gerasimov|RUSMIL@2012-11-09..
Xi Jinping|President Xi|CHNGOV@2012-11-15..
Li Keqiang||CHNGOV@2013-03-15..2023-03-11
Li Qiang||CHNGOV@2023-03-11..
Wang Yi||CHNGOV@2013-03-16..
Qin Gang||CHNGOV@2022-12-30..2023-07-25
Wei Fenghe||CHNMIL@2018-03-19..2023-03-12
Li Shangfu||CHNMIL@2023-03-12..2023-10-24
Dong Jun||CHNMIL@2023-12-29..
Petro Poroshenko|Poroshenko|UKRGOV@2014-06-07..2019-05-20
Volodymyr Zelensky|Zelensky,Zelenskiy,Zelenskyy,Volodymyr Zelenskiy,Volodymyr Zelenskyy,President Zelensky|UKRGOV@2019-05-20..
Denys Shmyhal|Shmyhal|UKRGOV@2020-03-04..
Dmytro Kuleba|Kuleba|UKRGOV@2020-03-04..2024-09-05
Andrii Sybiha|Sybiha,Andriy Sybiha|UKRGOV@2024-09-05..
Oleksii Reznikov|Reznikov|UKRMIL@2021-11-04..2023-09-06
Rustem Umerov|Umerov|UKRMIL@2023-09-06..
Valerii Zaluzhnyi|Zaluzhnyi,Valery Zaluzhny|UKRMIL@2021-07-27..2024-02-08
Oleksandr Syrskyi|Syrskyi,Oleksandr Syrsky|UKRMIL@2024-02-08..
David Cameron||GBRGOV@2010-05-11..2016-07-13;GBRGOV@2023-11-13..2024-07-05
Theresa May||GBRGOV@2016-07-13..2019-07-24
Boris Johnson||GBRGOV@2016-07-13..2018-07-09;GBRGOV@2019-07-24..2022-09-06
Liz Truss|Truss|GBRGOV@2021-09-15..2022-10-25
Rishi Sunak|Sunak|GBRGOV@2022-10-25..2024-07-05
Keir Starmer|Starmer|GBRGOV@2024-07-05..
Dominic Raab|Raab|GBRGOV@2019-07-24..2021-09-15
James Cleverly|Cleverly|GBRGOV@2022-09-06..2023-11-13
David Lammy|Lammy|GBRGOV@2024-07-05..
Ben Wallace||GBRMIL@2019-07-24..2023-08-31
John Healey||GBRMIL@2024-07-05..
Francois Hollande|Hollande,François Hollande|FRAGOV@2012-05-15..2017-05-14
Emmanuel Macron|Macron,President Macron|FRAGOV@2017-05-14..
Edouard Philippe|Édouard Philippe|FRAGOV@2017-05-15..2020-07-03
Jean Castex|Castex|FRAGOV@2020-07-03..2022-05-16
Elisabeth Borne|Élisabeth Borne|FRAGOV@2022-05-16..2024-01-09
Gabriel Attal|Attal|FRAGOV@2024-01-09..2024-09-05
Michel Barnier|Barnier|FRAGOV@2024-09-05..2024-12-13
Francois Bayrou|Bayrou,François Bayrou|FRAGOV@2024-12-13..2025-09-09
Sebastien Lecornu|Lecornu,Sébastien Lecornu|FRAMIL@2022-05-20..2025-09-09;FRAGOV@2025-09-09..
Jean-Yves Le Drian|Le Drian|FRAMIL@2012-05-16..2017-05-17;FRAGOV@2017-05-17..2022-05-20
Catherine Colonna||FRAGOV@2022-05-20..2024-01-11
Jean-Noel Barrot|Jean-Noël Barrot|FRAGOV@2024-09-21..
Angela Merkel|Merkel,Chancellor Merkel|DEUGOV@2005-11-22..2021-12-08
Olaf Scholz|Scholz,Chancellor Scholz|DEUGOV@2018-03-14..2025-05-06
Friedrich Merz|Merz|DEUGOV@2025-05-06..
Frank-Walter Steinmeier|Steinmeier|DEUGOV@2013-12-17..
Heiko Maas||DEUGOV@2018-03-14..2021-12-08
Annalena Baerbock|Baerbock|DEUGOV@2021-12-08..2025-05-06
Johann Wadephul|Wadephul|DEUGOV@2025-05-06..
Boris Pistorius|Pistorius|DEUMIL@2023-01-19..
Ursula von der Leyen|von der Leyen|DEUMIL@2013-12-17..2019-07-17;IGOEUREEC@2019-12-01..
Jean-Claude Juncker|Juncker|IGOEUREEC@2014-11-01..2019-11-30
Donald Tusk|Tusk|POLGOV@2007-11-16..2014-09-22;IGOEUREEC@2014-12-01..2019-11-30;POLGOV@2023-12-13..
Charles Michel||BELGOV@2014-10-11..2019-10-27;IGOEUREEC@2019-12-01..2024-11-30
Antonio Costa|António Costa|PRTGOV@2015-11-26..2024-04-02;IGOEUREEC@2024-12-01..
Federica Mogherini|Mogherini|IGOEUREEC@2014-11-01..2019-11-30
Josep Borrell|Borrell|IGOEUREEC@2019-12-01..2024-11-30
Kaja Kallas|Kallas|ESTGOV@2021-01-26..2024-07-23;IGOEUREEC@2024-12-01..
Jens Stoltenberg|Stoltenberg|IGOWSTNAT@2014-10-01..2024-10-01
Mark Rutte|Rutte|NLDGOV@2010-10-14..2024-07-02;IGOWSTNAT@2024-10-01..
Ban Ki-moon||IGOUNO@2007-01-01..2016-12-31
Antonio Guterres|Guterres,António Guterres|IGOUNO@2017-01-01..
Moussa Faki Mahamat|Moussa Faki|IGOAFRAFU@2017-03-14..2025-02-15
Benjamin Netanyahu|Netanyahu|ISRGOV@2009-03-31..2021-06-13;ISRGOV@2022-12-29..
Naftali Bennett||ISRGOV@2021-06-13..2022-06-30
Yair Lapid|Lapid|ISRGOV@2021-06-13..2022-12-29
Benny Gantz|Gantz|ISRMIL@2020-05-17..2022-12-29
Yoav Gallant|Gallant|ISRMIL@2022-12-29..2024-11-05
Israel Katz||ISRGOV@2019-01-01..2024-11-07;ISRMIL@2024-11-07..
Isaac Herzog|Herzog|ISRGOV@2021-07-07..
Reuven Rivlin|Rivlin|ISRGOV@2014-07-24..2021-07-07
Ali Khamenei|Khamenei,Ayatollah Khamenei|IRNGOV@1989-06-04..
Hassan Rouhani|Rouhani,Hassan Rohani|IRNGOV@2013-08-03..2021-08-03
Ebrahim Raisi|Raisi|IRNGOV@2021-08-03..2024-05-19
Masoud Pezeshkian|Pezeshkian|IRNGOV@2024-07-28..
Mohammad Javad Zarif|Zarif|IRNGOV@2013-08-15..2021-08-25
Hossein Amir-Abdollahian|Amir-Abdollahian,Amirabdollahian|IRNGOV@2021-08-25..2024-05-19
Abbas Araghchi|Araghchi|IRNGOV@2024-08-21..
Recep Tayyip Erdogan|Erdogan,Tayyip Erdogan,Erdoğan,President Erdogan|TURGOV@2003-03-14..
Ahmet Davutoglu|Davutoglu|TURGOV@2009-05-01..2016-05-24
Mevlut Cavusoglu|Cavusoglu,Mevlüt Çavuşoğlu|TURGOV@2014-08-29..2023-06-04
Hakan Fidan|Fidan|TURGOV@2023-06-04..
Hulusi Akar||TURMIL@2015-08-18..2023-06-04
Narendra Modi|Modi,Prime Minister Modi|INDGOV@2014-05-26..
Subrahmanyam Jaishankar|Jaishankar,S. Jaishankar|INDGOV@2019-05-30..
Sushma Swaraj||INDGOV@2014-05-26..2019-05-30
Rajnath Singh||INDMIL@2019-05-31..
Nawaz Sharif||PAKGOV@2013-06-05..2017-07-28
Imran Khan||PAKGOV@2018-08-18..2022-04-10;PAKOPP@2022-04-10..
Shehbaz Sharif||PAKGOV@2022-04-11..
Asim Munir||PAKMIL@2022-11-29..
Qamar Javed Bajwa|Bajwa|PAKMIL@2016-11-29..2022-11-29
Shinzo Abe||JPNGOV@2012-12-26..2020-09-16
Yoshihide Suga||JPNGOV@2020-09-16..2021-10-04
Fumio Kishida|Kishida|JPNGOV@2012-12-26..2017-08-03;JPNGOV@2021-10-04..2024-10-01
Shigeru Ishiba|Ishiba|JPNGOV@2024-10-01..2025-10-21
Sanae Takaichi|Takaichi|JPNGOV@2025-10-21..
Moon Jae-in||KORGOV@2017-05-10..2022-05-10
Yoon Suk Yeol|Yoon Suk-yeol|KORGOV@2022-05-10..2025-04-04
Lee Jae-myung||KOROPP@2022-08-28..2025-06-04;KORGOV@2025-06-04..
Kim Jong Un|Kim Jong-un,Kim Jong-Un|PRKGOV@2011-12-17..
Kim Yo Jong|Kim Yo-jong|PRKGOV@2014-01-01..
Malcolm Turnbull|Turnbull|AUSGOV@2015-09-15..2018-08-24
Scott Morrison||AUSGOV@2018-08-24..2022-05-23
Anthony Albanese|Albanese|AUSGOV@2022-05-23..
Penny Wong||AUSGOV@2022-05-23..
Justin Trudeau|Trudeau|CANGOV@2015-11-04..2025-03-14
Mark Carney|Carney|CANGOV@2025-03-14..
Chrystia Freeland|Freeland|CANGOV@2017-01-10..2024-12-16
Melanie Joly|Mélanie Joly|CANGOV@2021-10-26..
Michel Temer|Temer|BRAGOV@2016-05-12..2019-01-01
Jair Bolsonaro|Bolsonaro|BRAGOV@2019-01-01..2023-01-01;BRAOPP@2023-01-01..
Luiz Inacio Lula da Silva|Lula,Luiz Inácio Lula da Silva,Lula da Silva|BRAGOV@2003-01-01..2011-01-01;BRAGOV@2023-01-01..
Enrique Pena Nieto|Peña Nieto,Pena Nieto,Enrique Peña Nieto|MEXGOV@2012-12-01..2018-11-30
Andres Manuel Lopez Obrador|López Obrador,Lopez Obrador,Andrés Manuel López Obrador|MEXGOV@2018-12-01..2024-09-30
Claudia Sheinbaum|Sheinbaum|MEXGOV@2024-10-01..
Mauricio Macri|Macri|ARGGOV@2015-12-10..2019-12-10
Javier Milei|Milei|ARGGOV@2023-12-10..
Nicolas Maduro|Maduro,Nicolás Maduro|VENGOV@2013-04-19..
Juan Guaido|Guaido,Juan Guaidó,Guaidó|VENOPP@2019-01-05..2023-01-05
Gustavo Petro||COLGOV@2022-08-07..
Ivan Duque|Iván Duque|COLGOV@2018-08-07..2022-08-07
Juan Manuel Santos||COLGOV@2010-08-07..2018-08-07
Salman bin Abdulaziz|King Salman|SAUGOV@2015-01-23..
Mohammed bin Salman|Crown Prince Mohammed bin Salman,MBS|SAUGOV@2015-01-23..
Abdel Fattah el-Sisi|Sisi,el-Sisi,al-Sisi,Abdel Fattah al-Sisi|EGYGOV@2014-06-08..
Sameh Shoukry|Shoukry|EGYGOV@2014-06-17..2024-07-03
Badr Abdelatty|Abdelatty|EGYGOV@2024-07-03..
Bashar al-Assad|Assad,Bashar Assad,al-Assad|SYRGOV@2000-07-17..2024-12-08
Ahmed al-Sharaa|al-Sharaa,Sharaa,Abu Mohammed al-Golani,Abu Mohammad al-Jolani,al-Jolani,Jolani|SYRREB@2012-01-01..2024-12-08;SYRGOV@2024-12-08..
Haider al-Abadi|Abadi,al-Abadi|IRQGOV@2014-09-08..2018-10-25
Mustafa al-Kadhimi|Kadhimi,al-Kadhimi|IRQGOV@2020-05-07..2022-10-27
Mohammed Shia al-Sudani|Sudani,al-Sudani|IRQGOV@2022-10-27..
Ashraf Ghani||AFGGOV@2014-09-29..2021-08-15
Hibatullah Akhundzada|Akhundzada|AFGREB@2016-05-25..2021-08-15;AFGGOV@2021-08-15..
Mahmoud Abbas|President Abbas|PSEGOV@2005-01-15..
Ismail Haniyeh|Haniyeh|PSEREB@2006-01-01..2024-07-31
Yahya Sinwar|Sinwar|PSEREB@2017-02-13..2024-10-16
Hassan Nasrallah|Nasrallah|LBNREB@1992-02-16..2024-09-27
Naim Qassem|Qassem|LBNREB@2024-10-29..
Michel Aoun||LBNGOV@2016-10-31..2022-10-30
Joseph Aoun||LBNMIL@2017-03-08..2025-01-09;LBNGOV@2025-01-09..
Najib Mikati|Mikati|LBNGOV@2021-09-10..2025-02-08
Nawaf Salam||LBNGOV@2025-02-08..
Abdullah II|King Abdullah II,King Abdullah of Jordan|JORGOV@1999-02-07..
Tamim bin Hamad Al Thani|Sheikh Tamim,Emir Tamim|QATGOV@2013-06-25..
Mohamed bin Zayed|Mohammed bin Zayed,Sheikh Mohamed bin Zayed|AREGOV@2014-01-01..
Viktor Orban|Orban,Orbán,Viktor Orbán|HUNGOV@2010-05-29..
Andrzej Duda|Duda|POLGOV@2015-08-06..2025-08-06
Karol Nawrocki|Nawrocki|POLGOV@2025-08-06..
Mateusz Morawiecki|Morawiecki|POLGOV@2017-12-11..2023-12-13
Giorgia Meloni|Meloni|ITAGOV@2022-10-22..
Mario Draghi|Draghi|ITAGOV@2021-02-13..2022-10-22
Giuseppe Conte||ITAGOV@2018-06-01..2021-02-13
Matteo Renzi|Renzi|ITAGOV@2014-02-22..2016-12-12
Pedro Sanchez|Pedro Sánchez|ESPGOV@2018-06-02..
Mariano Rajoy|Rajoy|ESPGOV@2011-12-21..2018-06-02
Alexander Lukashenko|Lukashenko,Aleksandr Lukashenko,Alyaksandr Lukashenka|BLRGOV@1994-07-20..
Sviatlana Tsikhanouskaya|Tsikhanouskaya,Svetlana Tikhanovskaya|BLROPP@2020-07-01..
Aleksandar Vucic|Vucic,Aleksandar Vučić,Vučić|SRBGOV@2014-04-27..
Nikol Pashinyan|Pashinyan|ARMGOV@2018-05-08..
Ilham Aliyev|Aliyev|AZEGOV@2003-10-31..
Kassym-Jomart Tokayev|Tokayev|KAZGOV@2019-03-20..
Nursultan Nazarbayev|Nazarbayev|KAZGOV@1990-04-24..2019-03-20
Kyriakos Mitsotakis|Mitsotakis|GRCGOV@2019-07-08..
Alexis Tsipras|Tsipras|GRCGOV@2015-01-26..2019-07-08
Uhuru Kenyatta||KENGOV@2013-04-09..2022-09-13
William Ruto|Ruto|KENGOV@2013-04-09..
Muhammadu Buhari|Buhari|NGAGOV@2015-05-29..2023-05-29
Bola Tinubu|Tinubu,Bola Ahmed Tinubu|NGAGOV@2023-05-29..
Jacob Zuma||ZAFGOV@2009-05-09..2018-02-14
Cyril Ramaphosa|Ramaphosa|ZAFGOV@2014-05-26..
Abiy Ahmed|Abiy|ETHGOV@2018-04-02..
Omar al-Bashir|al-Bashir,Omar Hassan al-Bashir|SDNGOV@1989-06-30..2019-04-11
Abdel Fattah al-Burhan|al-Burhan,Burhan|SDNMIL@2019-04-12..
Mohamed Hamdan Dagalo|Dagalo,Hemedti|SDNMIL@2019-04-12..2023-04-15;SDNREB@2023-04-15..
Aung San Suu Kyi|Suu Kyi|MMRGOV@2016-04-06..2021-02-01;MMROPP@2021-02-01..
Min Aung Hlaing||MMRMIL@2011-03-30..
Rodrigo Duterte|Duterte|PHLGOV@2016-06-30..2022-06-30
Ferdinand Marcos Jr.|Ferdinand Marcos Jr,Bongbong Marcos|PHLGOV@2022-06-30..
Joko Widodo|Jokowi,Widodo|IDNGOV@2014-10-20..2024-10-20
Prabowo Subianto|Prabowo|IDNMIL@2019-10-23..2024-10-20;IDNGOV@2024-10-20..
Prayut Chan-o-cha|Prayuth Chan-ocha,Prayut|THAGOV@2014-08-24..2023-08-22
Assimi Goita|Goita,Assimi Goïta|MLIMIL@2020-08-18..
Ibrahim Traore|Ibrahim Traoré|BFAMIL@2022-09-30..
Abdourahamane Tchiani|Tchiani,Abdourahamane Tiani|NERMIL@2023-07-26..
Mohamed Bazoum|Bazoum|NERGOV@2021-04-02..2023-07-26
"""

import sys
HEADER = """\
# Office holders 2015–2026 (and US presidents since 1981): heads of state and government, foreign and defence ministers,
# army chiefs and the heads of the UN, the EU, NATO and the African Union, with their CAMEO
# actor codes (country + GOV; defence ministers and commanders + MIL; IGO codes as in
# organizations.tsv) and the dates they held each office (ISO 8601; an open end means still in
# office when this file was last revised, 2026-12). Written for communique from the public
# record of these offices (government and organisation websites; the Wikipedia lists of office
# holders of each country and organisation); no row is copied from another dictionary.
# Surnames are listed as terms only where they are distinctive in the news. Users extend or
# correct rows in a dictionary folder (same file name). Format as actors.tsv.
"""
print(HEADER + "term\tcodes\tname")
seen = set()
for line in ROWS.strip().splitlines():
    name, aliases, codes = line.split("|")
    specs = " ".join(c.strip() for c in codes.split(";"))
    for term in [name] + [a for a in aliases.split(",") if a]:
        if term.lower() in seen:
            continue
        seen.add(term.lower())
        print(f"{term}\t{specs}\t{name}")
