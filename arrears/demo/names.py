"""Name and street lists for the demo portfolio: common US given names and surnames, written out here.

The lists are short on purpose: frequent names make the demo look like a real book of accounts, and
a few hundred combinations already give two people of the same name now and then, as real files do.
"""

FEMALE_FIRST = (
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Margaret "
    "Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Dorothy Rebecca Sharon Laura "
    "Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine Christine Helen "
    "Debra Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia Lauren "
    "Kelly Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha Madison Teresa Gloria Sara "
    "Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella Julia Grace Denise Amber Brittany "
    "Danielle Marilyn Beverly Tiffany Crystal Tamika Latoya Keisha Aaliyah Destiny"
).split()

MALE_FIRST = (
    "James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew Anthony "
    "Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward Jeffrey Ryan "
    "Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander "
    "Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Henry Adam Douglas Nathan Peter Zachary Kyle Walter "
    "Harold Jeremy Ethan Carl Keith Roger Gerald Christian Terry Sean Arthur Austin Noah Lawrence Jesse Joe "
    "Bryan Billy Jordan Albert Dylan Bruce Willie Gabriel Alan Juan Logan Wayne Ralph Roy Eugene Randy Vincent "
    "Russell Louis Philip Bobby Johnny Bradley Darnell Tyrone Marcus DeShawn Terrell Jamal"
).split()

HISPANIC_FEMALE_FIRST = (
    "Maria Guadalupe Rosa Ana Carmen Juana Veronica Adriana Gabriela Alejandra Leticia Patricia Yolanda Elena "
    "Claudia Silvia Marisol Araceli Lucia Sofia Valeria Daniela Ximena Isabel Esperanza Beatriz Graciela "
    "Norma Irma Consuelo"
).split()

HISPANIC_MALE_FIRST = (
    "Jose Juan Luis Carlos Jesus Miguel Francisco Antonio Jorge Pedro Alejandro Manuel Ricardo Fernando Roberto "
    "Javier Eduardo Raul Sergio Mario Rafael Armando Arturo Ramon Alberto Hector Enrique Oscar Cesar Ruben"
).split()

SURNAMES = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Thomas Taylor Moore Jackson Martin Lee "
    "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Nelson "
    "Baker Hall Campbell Mitchell Carter Roberts Phillips Evans Turner Parker Edwards Collins Stewart Morris "
    "Murphy Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks Wood "
    "James Bennett Gray Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Bell "
    "Coleman Butler Henderson Barnes Fisher Henry Graham Simmons Patterson Jordan Reynolds Hamilton "
    "Wallace Cole West Stone Hayes Gibson Ellis Marshall Owens McDonald Harrison Kennedy Wells Hunt Warren "
    "Black Palmer Mills Nichols Grant Knight Ferguson Rose Hunter Hicks Holmes Burns Dunn Shaw O'Brien "
    "O'Connor Schmidt Mueller Kowalski Novak Nguyen Tran Pham Kim Park Chen Wang Li Patel Shah Singh Khan "
    "Yang Wu Lin Huang Cohen Friedman Washington Jefferson Banks Freeman Gordon Crawford Boyd Mason"
).split()

HISPANIC_SURNAMES = (
    "Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz "
    "Cruz Reyes Morales Gutierrez Ortiz Ramos Chavez Mendoza Ruiz Alvarez Castillo Jimenez Moreno Romero "
    "Herrera Medina Aguilar Vargas Castro Guzman Fernandez Juarez Mendez Salazar Soto Delgado Vasquez Contreras "
    "Nunez Rojas Figueroa Dominguez Espinoza Sandoval Maldonado Navarro"
).split()

SUFFIXES = ("Jr", "Sr", "II", "III")

STREET_NAMES = (
    "Main Oak Maple Cedar Pine Elm Washington Lake Hill Park Walnut Cherry Spring Ridge Church Willow Highland "
    "Jefferson Lincoln Madison Franklin Jackson Chestnut Sunset Meadow Forest River Center Mill Union "
    "Valley Prospect Broad Dogwood Magnolia Hickory Sycamore Laurel Adams Monroe Grant Lakeview "
    "Fairview Woodland Orchard Cypress Mesquite Saguaro Kalani Aspen Juniper Bayview Harbor Pecan Birch "
    "Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Market College School Railroad Canyon Mission"
).split()

STREET_SUFFIXES = ("St", "Ave", "Rd", "Dr", "Ln", "Blvd", "Ct", "Way", "Pl", "Cir", "Ter", "Pkwy")
UNIT_KINDS = ("Apt", "Apt", "Apt", "Unit", "Ste", "#")

EMAIL_DOMAINS = ("example.com", "example.net", "example.org")  # reserved (RFC 2606): no demo email reaches anyone
